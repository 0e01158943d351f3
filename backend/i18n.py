"""Languages in addresses: pages live under /<language>/ (English unprefixed, see urls.py).

- ``localised_url``: the same page in another language, for links built outside a
  request (mails are rendered in their recipient's language);
- ``LanguageRedirectMiddleware``: an unprefixed (English) page asked for by a visitor
  whose language cookie or browser names another language redirects to that language's
  address, so old links and bookmarks open in the visitor's language; outside the
  language patterns (the API) ``?lang=`` picks the language first.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language as django_set_language

# ``?lang=fr``: the API's answer in French, whatever the cookie or Accept-Language say.
LANGUAGE_PARAMETER = "lang"


def localised_url(url: str, language: str) -> str:
    """``https://site/events/x/`` -> ``https://site/ko/events/x/`` for ``ko``; addresses
    outside the language patterns (API, probes) come back unchanged."""
    current = translation.get_language_from_path(urlsplit(url).path) or settings.LANGUAGE_CODE
    # translate_url resolves in the active language: resolve in the address's own.
    with translation.override(current):
        return translate_url(url, language)


class LanguageRedirectMiddleware:
    """After LocaleMiddleware, which gives every unprefixed address English.

    For a visitor whose cookie or browser names another language: an unprefixed page
    redirects to that language's address (reads only; the redirect varies with the
    cookie and Accept-Language), and addresses outside the language patterns (the API,
    probes) answer in that language, as they did before pages had prefixes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if translation.get_language_from_path(request.path_info):
            return self.get_response(request)
        asked = request.GET.get(LANGUAGE_PARAMETER)
        if asked is not None and not _is_page(request.path_info):
            # ?lang= outside the language patterns (the API): it wins over the cookie and
            # Accept-Language, and an unknown one is the caller's mistake, said so.
            if asked not in dict(settings.LANGUAGES):
                return JsonResponse(
                    {LANGUAGE_PARAMETER: [_("Not a language this site has: %s.") % asked]},
                    status=400,
                )
            translation.activate(asked)
            request.LANGUAGE_CODE = asked
            return self.get_response(request)
        wanted = translation.get_language_from_request(request)
        if wanted != settings.LANGUAGE_CODE:
            path = request.get_full_path()
            target = localised_url(path, wanted)
            if target == path:
                translation.activate(wanted)
                request.LANGUAGE_CODE = wanted
            elif request.method in ("GET", "HEAD"):
                response = HttpResponseRedirect(target)
                patch_vary_headers(response, ("Accept-Language", "Cookie"))
                return response
        response = self.get_response(request)
        # Unprefixed answers depend on the language cookie as much as on Accept-Language
        # (an English page redirects a visitor whose cookie names Korean; the API answers
        # in the cookie's language): shared caches must keep them apart.
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


def _is_page(path: str) -> bool:
    """A page in the language patterns (it has an address per language); not the API."""
    other = next(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
    return localised_url(path, other) != path


# The language form carries no CSRF token (base.html): choosing a language for someone
# else is harmless, and pages without a token can be cached whole.
@csrf_exempt
def set_language(request):
    """Django's set_language, reading ``next`` in its own language: it translates
    /ko/events/x/ to /vi/events/x/ only when Korean is active while it resolves."""
    next_url = request.POST.get("next", request.GET.get("next")) or ""
    with translation.override(
        translation.get_language_from_path(urlsplit(next_url).path) or settings.LANGUAGE_CODE
    ):
        return django_set_language(request)
