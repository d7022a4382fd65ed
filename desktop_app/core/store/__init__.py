"""The encrypted vault: SQLCipher file, keys, schema."""

from desktop_app.core.store.vault import Vault, VaultInfo, create_vault, open_vault, vault_exists

__all__ = ["Vault", "VaultInfo", "create_vault", "open_vault", "vault_exists"]
