"""The seed registry (seeds/registry.jsonl), its article, and the ids of its quotes and
renditions, each named once."""

from tests.helpers.paths import ROOT

SEEDS = ROOT / "seeds" / "registry.jsonl"
SEED_ARTICLE = ROOT / "seeds" / "coverage" / "musk-altman-openai.txt"

# Sam Altman's post declining the offer for OpenAI, and two Turkish renditions of it.
ALTMAN_POST = "q-a17b0e"
ALTMAN_POST_TR_DRIFTED = "r-5e1a01"  # as circulated in Turkish coverage; changes requested
ALTMAN_POST_TR_FAITHFUL = "r-5e1a02"  # approved

# Elon Musk's two posts on the Stargate project's money.
MUSK_NO_MONEY = "q-3c9d10"  # “They don’t actually have the money”
MUSK_SOFTBANK = "q-3c9d11"  # “SoftBank has well under $10B secured. …”

# Mehmet Şimşek's two statements in Turkish, each with an approved English rendition.
SIMSEK_INFLATION = "q-7d2e40"
SIMSEK_INFLATION_EN = "r-7d2e41"
SIMSEK_ENERGY_IMPORTS = "q-7d2e42"
SIMSEK_ENERGY_IMPORTS_EN = "r-7d2e43"
