// Redirects managed in a key value store: key = old path, value = new path.
import cf from 'cloudfront';

const kvs = cf.kvs();

async function handler(event) {
    const request = event.request;
    try {
        const target = await kvs.get(request.uri);
        return {
            statusCode: 301,
            statusDescription: 'Moved Permanently',
            headers: { location: { value: target } }
        };
    } catch (err) {
        return request; // no redirect for this path
    }
}
