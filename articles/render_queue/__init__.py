"""Rendering articles again in the background, with Django's task framework (django-tasks).

A saved or deleted glossary term, ``render_content`` and large imports change what many
stored articles should show. Rather than render them inside the editor's request, ``queue``
records which articles wait (``articles.models.PendingRender``) and queues ``tasks`` once the
change is committed; the worker (``manage.py db_worker``) finds the articles a term touches and
renders them in batches with ``render``, one transaction per article, retrying failures.
``signals`` calls ``queue`` when a term is saved or deleted; the glossary admin shows what is
still waiting. Everything here uses only the models.
"""
