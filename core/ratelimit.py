"""A token bucket: at most `rate` actions a second on average, `burst` at once.

    limit = RateLimit(rate=5, burst=15)
    if not limit.allow():   # over the limit: say so and do nothing
        ...
"""
import time


class RateLimit:
    def __init__(self, rate, burst, clock=time.monotonic):
        self.rate, self.burst, self.clock = float(rate), float(burst), clock
        self.tokens, self.last = float(burst), clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True
