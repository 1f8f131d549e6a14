"""Energy and GHG accounting: factor sets, the energy balance, scope 1 and 2, provenance."""

from gia.accounting.account import FIGURE_NAMES, Accounts, CompanyAccount, account
from gia.accounting.factors import DEFAULT_FACTOR_SET, FactorSet, load_factor_set
from gia.accounting.provenance import FactorRef, Figure, Flag

__all__ = [
    "DEFAULT_FACTOR_SET",
    "FIGURE_NAMES",
    "Accounts",
    "CompanyAccount",
    "FactorRef",
    "FactorSet",
    "Figure",
    "Flag",
    "account",
    "load_factor_set",
]
