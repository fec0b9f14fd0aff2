"""The page cache: the middleware that serves public pages from the cache, and the signals that
raise the tags of what every edit readers could see changed, so that no page goes stale, and
``tags``, the names of what pages show.

They use only the models (``CacheTag``) and healthinfo's compression and middleware.
"""
