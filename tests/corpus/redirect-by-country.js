// Send German viewers to the German shop.
var PREFIXES = { DE: '/de', AT: '/de', FR: '/fr' };

function handler(event) {
    var request = event.request;
    var country = request.headers['cloudfront-viewer-country'];
    var prefix = country && PREFIXES[country.value];
    if (!prefix) {
        return request;
    }
    return {
        statusCode: 302,
        statusDescription: 'Found',
        headers: { location: { value: 'https://example.com' + prefix + request.uri } }
    };
}
