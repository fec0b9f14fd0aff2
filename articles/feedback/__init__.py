"""Reader feedback: the form and its spam rules, its pages, moderation, the purge of names.

``forms``, ``spam`` and ``purge`` use the models; ``views`` also the article views' helpers
(``articles.views``); ``admin`` the models and the admin's text fields
(``articles.editorial.forms``). Only ``articles.urls`` and ``articles.admin`` import ``views``
and ``admin``.
"""
