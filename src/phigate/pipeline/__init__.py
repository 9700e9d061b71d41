"""The document pipeline: receive -> quarantine -> scan -> ... (one module per stage, a short runner)."""
