// GraphiQL, served from this origin (no CDN). The session's CSRF token, when
// signed in to the admin, rides along so cookie-authenticated requests pass.
(function () {
  var csrf = document.querySelector('meta[name="csrf-token"]');
  var headers = { "Content-Type": "application/json", Accept: "application/json" };
  if (csrf && csrf.content) headers["X-CSRF-Token"] = csrf.content;
  function fetcher(params, options) {
    var extra = (options && options.headers) || {};
    return fetch(window.location.pathname, {
      method: "POST",
      credentials: "same-origin",
      headers: Object.assign({}, headers, extra),
      body: JSON.stringify(params),
    }).then(function (response) { return response.json(); });
  }
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: document.getElementById("default-query").value,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    })
  );
})();
