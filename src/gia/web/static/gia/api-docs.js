/* Starts the vendored Swagger UI on /api/docs with the settings the page carries (gia.web.api.VendoredSwagger).
   A signed-in browser's requests carry the CSRF token, as the API's session authentication requires. */
(function () {
  "use strict";
  var body = document.body.dataset;
  var settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  settings.dom_id = "#swagger-ui";
  settings.presets = [SwaggerUIBundle.presets.apis];
  if (body.apiCsrf && body.csrfToken) {
    settings.requestInterceptor = function (request) {
      request.headers["X-CSRFToken"] = body.csrfToken;
      return request;
    };
  }
  window.ui = SwaggerUIBundle(settings);
})();
