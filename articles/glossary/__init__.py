"""The glossary: the matcher that marks terms in rendered text, the A–Z page and the admin.

``matcher`` imports nothing of the app, so ``rendering`` and the models may use it; ``views``
and ``admin`` use the models, ``views`` also the article views' ``language_links``, ``admin``
the editors' form fields and revisions (``articles.editorial``).
"""
