"""Who may call phigate: service accounts (client credentials, Argon2id), people (password, TOTP, sessions),
short-lived tenant-bound tokens, and signed upload capabilities."""

from phigate.identity._accounts import SCOPES, IssuedCredentials, ServiceAccount, ServiceAccounts
from phigate.identity._callers import Callers
from phigate.identity._resets import OutboxSender, PasswordResets, ResetSender
from phigate.identity._roles import ROLE_SCOPES, Role, parse_role, reads_phi
from phigate.identity._secrets import ServerSecret
from phigate.identity._sessions import OpenedSession, Session, Sessions
from phigate.identity._throttle import Throttle
from phigate.identity._tokens import AccessToken, TokenIssuer
from phigate.identity._users import NewUser, SecondFactorRequired, User, UserDirectory, normalise_email
from phigate.identity._webauthn import WebAuthn
from phigate.identity.capability import Capability, CapabilitySigner

__all__ = ["ROLE_SCOPES", "SCOPES", "AccessToken", "Callers", "Capability", "CapabilitySigner", "IssuedCredentials",
           "NewUser", "OpenedSession", "OutboxSender", "PasswordResets", "ResetSender", "Role",
           "SecondFactorRequired", "ServerSecret", "ServiceAccount", "ServiceAccounts", "Session", "Sessions",
           "Throttle", "TokenIssuer", "User", "UserDirectory", "WebAuthn", "normalise_email", "parse_role", "reads_phi"]
