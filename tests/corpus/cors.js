// Allow our own front ends to read responses cross-origin.
const ALLOWED = ['https://app.example.com', 'https://admin.example.com'];

function handler(event) {
    const response = event.response;
    const origin = event.request.headers.origin;
    if (origin && ALLOWED.includes(origin.value)) {
        response.headers['access-control-allow-origin'] = { value: origin.value };
        response.headers['vary'] = { value: 'Origin' };
    }
    return response;
}
