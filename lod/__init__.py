"""veilig-uitgaan: Linked Open Data on Flemish local measures against sexual violence in nightlife."""

from lod.config import Config, load_config
from lod.errors import LodError

__version__ = "0.1.0"

__all__ = ["Config", "LodError", "load_config", "__version__"]
