"""The offline gazetteer: places, their names and coordinates, from packaged data only.

``load_gazetteer()`` loads the compact index once per process; ``Gazetteer.candidates(name)``
lists the places a name may refer to; :mod:`eventwire.gazetteer.resolve` picks one per name
with the article's other names as context.
"""

from eventwire.gazetteer.index import (
    FEATURE_CLASSES,
    Gazetteer,
    Match,
    Place,
    default_path,
    haversine_km,
    load_gazetteer,
)
from eventwire.gazetteer.normalize import name_key, variant_key

__all__ = [
    "FEATURE_CLASSES",
    "Gazetteer",
    "Match",
    "Place",
    "default_path",
    "haversine_km",
    "load_gazetteer",
    "name_key",
    "variant_key",
]
