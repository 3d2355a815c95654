"""django-axes' check against password guessing, for sign-ins that come with a request.

Every sign-in over the web (Django's LoginView, the admin's) passes its request and is
counted and locked out by django-axes. A caller without a request (a management command,
the test client's ``login``) has no address to lock out: axes would refuse it outright,
so it is let through to the next backend, which checks the password as usual."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
