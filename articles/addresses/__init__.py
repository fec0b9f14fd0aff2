"""Addresses that once worked keep working: old addresses redirect, removed pages say so.

``signals`` keeps an article's or topic's old address when it changes or the page goes;
``lookup`` finds where an address nothing else answered leads, and ``middleware`` answers
with it instead of the 404. ``signals`` and ``lookup`` use only the models
(``articles.models.addresses``); ``middleware`` also the article views' ``gone`` page.
"""
