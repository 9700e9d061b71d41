"""Policy decision points (``ports.PolicyDecisionPoint``): Cedar, evaluated in-process."""
