"""Who may call phigate: service accounts (client credentials, Argon2id), short-lived tenant-bound tokens,
and signed upload capabilities."""

from phigate.identity._accounts import SCOPES, IssuedCredentials, ServiceAccount, ServiceAccounts
from phigate.identity._secrets import ServerSecret
from phigate.identity._throttle import Throttle
from phigate.identity._tokens import AccessToken, TokenIssuer
from phigate.identity.capability import Capability, CapabilitySigner

__all__ = ["SCOPES", "AccessToken", "Capability", "CapabilitySigner", "IssuedCredentials", "ServerSecret",
           "ServiceAccount", "ServiceAccounts", "Throttle", "TokenIssuer"]
