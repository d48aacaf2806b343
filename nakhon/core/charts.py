"""Charts as Vega-Lite specifications (built in Python by each app), rendered to SVG on the
server with vl-convert, so a page shows them without JavaScript.

The SVG is cached under a hash of the specification, which holds the data and the labels in the
language asked for: new data, or another language, is a new key.
"""

import hashlib
import json

from django.core.cache import cache

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
CACHE_PREFIX = "chart:"
CACHE_SECONDS = 24 * 3600


def spec_key(spec: dict) -> str:
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False, default=str)
    return CACHE_PREFIX + hashlib.sha256(text.encode()).hexdigest()


def render_svg(spec: dict) -> str:
    """The specification as SVG, converted once per version of its data and language."""
    key = spec_key(spec)
    svg = cache.get(key)
    if svg is None:
        import vl_convert  # loaded on first use: it starts a JavaScript engine

        svg = vl_convert.vegalite_to_svg(spec)
        cache.set(key, svg, CACHE_SECONDS)
    return svg
