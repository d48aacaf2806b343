// The page of a background job: ask the API how far the job is every second and a half, show
// it, and reload the page once the job has ended, so that the server shows what it produced.
// A failed request (the server busy, the network gone for a moment) is simply asked again.
(() => {
  const box = document.querySelector("[data-job]");
  if (!box) return;
  const EVERY_MS = 1500;
  const WAITING_HINT_MS = 60000;
  const shownSince = Date.now();
  const part = (name) => box.querySelector(`[data-job-${name}]`);

  function show(job) {
    part("state").textContent = job.state_label;
    const bar = part("bar");
    if (job.total > 0) {
      const percent = Math.round((100 * job.done) / job.total);
      bar.classList.remove("progress-bar-striped", "progress-bar-animated", "w-100");
      bar.style.width = `${percent}%`;
      bar.parentElement.setAttribute("aria-valuenow", String(percent));
      part("done").textContent = String(job.done);
      part("total").textContent = String(job.total);
      part("counts").hidden = false;
    }
    if (job.state === "queued" && Date.now() - shownSince > WAITING_HINT_MS) {
      part("waiting").hidden = false;
    }
    part("stalled").hidden = !job.stalled;
  }

  async function ask() {
    try {
      const response = await fetch(box.dataset.job, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const job = await response.json();
        if (job.state === "done" || job.state === "failed") {
          window.location.reload();
          return;
        }
        show(job);
      }
    } catch (error) {
      // Asked again below.
    }
    window.setTimeout(ask, EVERY_MS);
  }

  window.setTimeout(ask, EVERY_MS);
})();
