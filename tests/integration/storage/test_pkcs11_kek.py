"""The HSM keeps KEKs to itself: they are sensitive and non-extractable on the token."""

from __future__ import annotations

import pkcs11
import pytest
from pkcs11 import Attribute, ObjectClass
from pkcs11.exceptions import AttributeSensitive

from phigate.backends.kms.pkcs11 import Pkcs11KeyManager
from tests._fixtures.services import SoftHsmToken


def test_kek_is_non_extractable(softhsm_token: SoftHsmToken, tenant: str) -> None:
    km = Pkcs11KeyManager(softhsm_token.module, softhsm_token.label, softhsm_token.pin)
    km.new_data_key(tenant, b"ctx")
    token = pkcs11.lib(softhsm_token.module).get_token(token_label=softhsm_token.label)
    with token.open(rw=False) as session:  # the manager's login covers this application
        keys = [k for k in session.get_objects({Attribute.CLASS: ObjectClass.SECRET_KEY})
                if k.label == f"phigate:{tenant}:v1"]
        assert len(keys) == 1
        kek = keys[0]
        assert kek[Attribute.SENSITIVE] and not kek[Attribute.EXTRACTABLE] and kek[Attribute.TOKEN]
        with pytest.raises(AttributeSensitive):
            kek[Attribute.VALUE]
    km.close()


def test_second_manager_in_one_process_needs_the_same_pin(softhsm_token: SoftHsmToken, tenant: str) -> None:
    from phigate.errors import KeyUnavailable

    first = Pkcs11KeyManager(softhsm_token.module, softhsm_token.label, softhsm_token.pin)
    dk = first.new_data_key(tenant, b"ctx")
    second = Pkcs11KeyManager(softhsm_token.module, softhsm_token.label, softhsm_token.pin)
    assert second.unwrap(dk.wrapped, b"ctx") == dk.plaintext
    with pytest.raises(KeyUnavailable, match="PIN"):
        Pkcs11KeyManager(softhsm_token.module, softhsm_token.label, "999999")
    second.close()
    first.close()
