// Choosing a message on the email wording form fills its default subject and
// body, unless the editor has already written their own. Without JavaScript,
// the add form takes ?kind= and starts from the same defaults.
function fillDefaultWording() {
    document.querySelectorAll("[data-default-wording]").forEach(function (select) {
        var defaults = JSON.parse(select.dataset.defaultWording);
        var form = select.form;
        var fields = { subject: form.elements.subject, body: form.elements.body };

        function untouched(name) {
            var value = fields[name].value.trim();
            return value === "" || Object.keys(defaults).some(function (kind) {
                return defaults[kind][name].trim() === value;
            });
        }

        select.addEventListener("change", function () {
            var chosen = defaults[select.value];
            if (!chosen) {
                return;
            }
            ["subject", "body"].forEach(function (name) {
                if (untouched(name)) {
                    fields[name].value = chosen[name];
                }
            });
        });
    });
}

if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fillDefaultWording);
} else {
    fillDefaultWording();
}
