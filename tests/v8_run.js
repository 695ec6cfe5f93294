// Calls handler(event) after tests/v8_prelude.js; resolves to {value, changes} as JSON.
(async function () {
    var event = JSON.parse(__event);
    if (__in.runtime === '2.0') {
        event.request.rawQueryString = function () {
            var qs = event.request.querystring, parts = [];
            for (var name in qs) {
                var values = qs[name].multiValue ? qs[name].multiValue.map(function (m) { return m.value; }) : [qs[name].value];
                for (var v of values) parts.push(v === '' ? name : name + '=' + v);
            }
            return parts.length ? parts.join('&') : undefined;
        };
    }
    var value = await handler(event);
    return JSON.stringify({value: value, changes: __changes});
})()
