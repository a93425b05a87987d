"""Security headers on every response, and no copy of meeting content kept by a browser or a proxy.

等保2.0 level 3 asks that pages cannot be framed, scripted from elsewhere or sniffed into another type,
and that confidential material is not left in caches (issue 14, item 9; DESIGN §12).

- Content-Security-Policy: scripts, styles, fonts and images from this site only. Every script is a
  file under static/ (server data reaches it in data-* attributes or json_script), so no inline
  script or style="" attribute is needed; the vendored Bootstrap needs none either. Scripts are ES
  modules (type="module", importing each other by relative path), which script-src 'self' allows as
  it allows classic scripts. data: images are allowed
  for Bootstrap's own icons (its CSS draws the select arrow, the check mark and the close button
  as data: SVG images).
- Cache-Control: no-store (and Pragma: no-cache for HTTP/1.0 proxies) on every response but the
  static assets. The rule is deliberately the simplest that covers everything: almost every page,
  download and JSON answer carries meeting content, the login and box pages carry a token or a
  challenge, and a rule by path or by user would be one more thing to get wrong. Static files are
  the same for everyone and stay cacheable (WhiteNoise serves them with their own headers).
- X-Frame-Options: DENY with frame-ancestors 'none' (no page is meant to be framed), nosniff, and a
  Referrer-Policy of same-origin, so a meeting's or the box's address never leaves in a Referer.

Placed first in MIDDLEWARE, so that it also marks the responses other middleware makes (a redirect to
the login page, the archive's refusal, CSRF failures).
"""

from django.conf import settings

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def is_static(path):
    """A static asset (CSS, scripts, fonts, icons): the same for everyone, so it may be cached."""
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    return path.startswith(prefix) or path == "/favicon.ico"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in HEADERS.items():
            if name == "Content-Security-Policy" and _is_debug_page(response):
                continue
            response.headers[name] = value
        if not is_static(request.path_info):
            # Replaces what a view set (e.g. never_cache's "max-age=0, no-cache, no-store, …" or a
            # calendar feed's "private, no-cache"): no-store alone says all of it.
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
            if "Expires" in response.headers:
                del response.headers["Expires"]
        return response


def _is_debug_page(response):
    # Django's own error pages under DEBUG (the traceback, "Page not found" with the URL list) are styled
    # and scripted inline; left without the policy so that a developer can read them. Never in production.
    return (
        settings.DEBUG
        and response.status_code in (404, 500)
        and "text/html" in response.get("Content-Type", "")
    )
