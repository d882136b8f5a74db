"""The social policy models: savings-and-loan groups and their loan figures, Great Unity houses,
the Fund for the Poor, exemplary models, movements and commendations."""

from .common import ENTRUSTING_KINDS, ratio_percent
from .fund import DonorKind, FundCampaign, FundReceipt, FundSpending, SpendingPurpose
from .houses import COST_SOURCES, GreatUnityHouse, HousePhoto, HouseStatus, HouseWork
from .loans import (
    GroupRating,
    LendingProgramme,
    LoanImport,
    LoanSnapshot,
    LoanSnapshotLine,
    SavingsGroup,
    SnapshotSource,
    area_on,
)
from .recognition import (
    AwardForm,
    Commendation,
    CommendationLevel,
    EmulationMovement,
    ExemplaryModel,
    ModelField,
    MovementKind,
    RecipientKind,
)

__all__ = [
    "COST_SOURCES",
    "ENTRUSTING_KINDS",
    "Commendation",
    "AwardForm",
    "CommendationLevel",
    "DonorKind",
    "EmulationMovement",
    "ExemplaryModel",
    "FundCampaign",
    "FundReceipt",
    "FundSpending",
    "GreatUnityHouse",
    "GroupRating",
    "HousePhoto",
    "HouseStatus",
    "HouseWork",
    "LendingProgramme",
    "LoanImport",
    "LoanSnapshot",
    "LoanSnapshotLine",
    "ModelField",
    "MovementKind",
    "RecipientKind",
    "SavingsGroup",
    "SnapshotSource",
    "SpendingPurpose",
    "area_on",
    "ratio_percent",
]
