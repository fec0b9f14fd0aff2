"""The page cache: the middleware that serves public pages from the cache, and the signals that
move the content version on with every edit readers could see, so that no page goes stale.

Both use only the models (``ContentVersion``) and healthinfo's compression and middleware.
"""
