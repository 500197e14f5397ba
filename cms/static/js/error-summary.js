// A form sent back with problems: move the focus to the list of problems,
// so keyboard and screen reader users hear it first and can follow its links.
document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
        summary.focus();
    }
});
