"""allauth's sign-up form with a limit per email address.

allauth limits sign-ups per network address only; a school or a venue's Wi-Fi puts a
whole class behind one address, so that limit is kept high (settings) and attempts are
counted per email address here (rate ``signup_email`` in ACCOUNT_RATE_LIMITS).
"""

from __future__ import annotations

from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context, ratelimit
from allauth.core.exceptions import ImmediateHttpResponse


class SignupForm(AllauthSignupForm):
    def clean_email(self):
        email = super().clean_email()
        request = context.request
        if not ratelimit.consume(request, action="signup_email", key=email.lower()):
            # allauth's middleware turns this into its 429 page, as for its own limits.
            raise ImmediateHttpResponse(ratelimit.respond_429(request))
        return email
