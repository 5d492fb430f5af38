// Uploads files from the page straight to the REST API (POST /api/sessions/{id}/files) with XMLHttpRequest, so a
// large file streams from disk with progress and never goes through the Blazor circuit. The component (UploadPanel)
// attaches a file input; chosen or dropped files are reported to it, it says which session to send them to, and
// gets throttled progress, completion, failure (the problem's detail, in words) and cancellation back.
// Nothing here builds HTML: names are passed to .NET as data.
window.codingAgentUploads = (function () {
  const progressIntervalMs = 150;
  const uploads = new Map();
  let nextId = 1;

  function problemText(xhr) {
    try {
      const problem = JSON.parse(xhr.responseText);
      if (problem && typeof problem.detail === "string" && problem.detail) return problem.detail;
      if (problem && typeof problem.title === "string" && problem.title) return problem.title;
    } catch (e) {
      // not a problem body
    }
    if (xhr.status === 413) return "The file is larger than the server accepts.";
    return "The server answered " + xhr.status + ".";
  }

  // the component may be gone (page closed, circuit lost) by the time an upload reports: that is not an error
  function notify(component, method) {
    const args = Array.prototype.slice.call(arguments, 2);
    component.invokeMethodAsync.apply(component, [method].concat(args)).catch(function () {});
  }

  function attach(input, component) {
    if (!input || input.dataset.uploadsAttached) return;
    input.dataset.uploadsAttached = "true";
    input.addEventListener("change", function () {
      const chosen = [];
      for (const file of Array.from(input.files || [])) {
        const id = "u" + (nextId++);
        uploads.set(id, { file: file, xhr: null, component: component });
        chosen.push({ id: id, name: file.name, size: file.size });
      }
      // the same file can be chosen again later
      input.value = "";
      if (chosen.length > 0) notify(component, "FilesChosen", chosen);
    });
  }

  function start(id, url) {
    const upload = uploads.get(id);
    if (!upload || upload.xhr) return false;
    const component = upload.component;
    const xhr = new XMLHttpRequest();
    upload.xhr = xhr;
    let lastReport = 0;
    xhr.upload.addEventListener("progress", function (e) {
      const now = Date.now();
      if (!e.lengthComputable || (now - lastReport < progressIntervalMs && e.loaded < e.total)) return;
      lastReport = now;
      notify(component, "Progress", id, e.loaded, e.total);
    });
    xhr.addEventListener("load", function () {
      uploads.delete(id);
      if (xhr.status >= 200 && xhr.status < 300) notify(component, "Completed", id);
      else notify(component, "Failed", id, problemText(xhr));
    });
    xhr.addEventListener("error", function () {
      uploads.delete(id);
      notify(component, "Failed", id, "The connection to the server was lost during the upload.");
    });
    xhr.addEventListener("abort", function () {
      uploads.delete(id);
      notify(component, "Cancelled", id);
    });
    const form = new FormData();
    form.append("file", upload.file, upload.file.name);
    xhr.open("POST", url);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.send(form);
    return true;
  }

  function cancel(id) {
    const upload = uploads.get(id);
    if (!upload) return false;
    if (upload.xhr) {
      upload.xhr.abort();
    } else {
      uploads.delete(id);
      notify(upload.component, "Cancelled", id);
    }
    return true;
  }

  function forget(id) {
    uploads.delete(id);
  }

  return Object.freeze({ attach: attach, start: start, cancel: cancel, forget: forget });
})();
