// A viewer-request function: adds x-hello and redirects /old to /new.
function handler(event) {
    var request = event.request;
    if (request.uri === '/old') {
        return {
            statusCode: 301,
            statusDescription: 'Moved Permanently',
            headers: {location: {value: '/new'}},
        };
    }
    request.headers['x-hello'] = {value: 'world'};
    return request;
}
