"""Sample minutes generator: content (content_*.py), layouts, and gold derivation.

``MEETINGS`` lists one builder per sample file; ``samples/generate.py`` renders them.
"""

from . import content_asikkala, content_long, content_other, content_sv

MEETINGS = [
    content_asikkala.hyvinvointilautakunta,
    content_asikkala.kunnanhallitus,
    content_asikkala.kunnanvaltuusto,
    content_other.hollola_kunnanhallitus,
    content_other.hollola_valtuusto,
    content_other.padasjoki_sivistys,
    content_long.kunnanhallitus_long,
    content_sv.bildningsnamnden,
    content_sv.stadsstyrelsen,
]
