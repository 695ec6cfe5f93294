// Long-lived caching for fingerprinted assets, none for HTML.
function handler(event) {
    const response = event.response;
    const uri = event.request.uri;
    if (/\.[0-9a-f]{4,}\.(js|css)$/.test(uri)) {
        response.headers['cache-control'] = { value: 'public, max-age=31536000, immutable' };
    } else if (uri.endsWith('.html') || uri.endsWith('/')) {
        response.headers['cache-control'] = { value: 'no-cache' };
    }
    return response;
}
