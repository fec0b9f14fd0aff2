"""Search in the published articles and the glossary: the query, the index, text and the page.

``text`` imports nothing of the app, ``index`` only ``text`` (migration 0006 uses it), ``query``
the models; ``views`` also the article views' ``language_links``; ``admin_search`` (the
admin's search box over the text) ``index`` and ``text``.
"""
