export interface AdminPageHtmlOptions {
  scriptPath: string;
  stylesheetPath: string;
  iconPath: string;
  apiBasePath: string;
  demoBasePath?: string;
}

const attribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The page's whole structure, rendered by the server so nothing moves when the script fills it in:
 * every region has its place (and its minimum height in the styles) before the first answer.
 */
export function adminPageHtml(options: AdminPageHtmlOptions): string {
  const demo = options.demoBasePath !== undefined;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SmartRecruiters integration · admin</title>
<meta name="srw-api" content="${attribute(options.apiBasePath)}">
${demo ? `<meta name="srw-demo" content="${attribute(options.demoBasePath ?? '')}">\n` : ''}<link rel="icon" href="${attribute(options.iconPath)}" type="image/svg+xml">
<link rel="stylesheet" href="${attribute(options.stylesheetPath)}">
<script type="module" src="${attribute(options.scriptPath)}"></script>
</head>
<body>
<a class="skip" href="#main">Skip to the integrations</a>
<header>
<h1>SmartRecruiters ↔ Willo</h1>
<p id="session" role="status" aria-live="polite">Signing in…</p>
</header>
<main id="main" tabindex="-1">
<section id="sign-in" aria-labelledby="sign-in-title" hidden>
<h2 id="sign-in-title">Sign in</h2>
<form id="sign-in-form">
<label for="token">Token of the Willo frontend (a JWT for config-api)</label>
<input id="token" name="token" type="password" autocomplete="off" required>
<button type="submit">Sign in</button>
</form>
</section>

<section id="integrations" aria-labelledby="integrations-title">
<h2 id="integrations-title">Integrations</h2>
<article class="tile" aria-labelledby="sr-title">
<h3 id="sr-title">SmartRecruiters</h3>
<p class="status-line"><span>Status:</span> <strong id="sr-status" data-status="unknown">…</strong></p>
<div class="progress-row">
<label for="sr-progress" id="sr-progress-label">Sync progress</label>
<progress id="sr-progress" max="1" value="0" aria-describedby="sr-progress-text"></progress>
<span id="sr-progress-text" aria-live="polite">No sync running</span>
</div>
<p id="sr-error" class="error" role="alert"></p>
<dl class="facts">
<dt>Last sync</dt><dd id="sr-last-sync">never</dd>
<dt>Next sync</dt><dd id="sr-next-sync">not scheduled</dd>
<dt>Interval</dt><dd id="sr-interval">–</dd>
</dl>
<form id="plan-form" class="row">
<label for="plan">Plan</label>
<select id="plan" name="plan">
<option value="launch">Launch (every 3 h)</option>
<option value="growth">Growth (every 30 min)</option>
<option value="scale">Scale (every 5 min)</option>
<option value="enterprise">Enterprise (every 5 min)</option>
</select>
<label for="interval">Interval override (seconds, empty for the plan's)</label>
<input id="interval" name="interval" type="number" min="60" step="1" inputmode="numeric">
<button type="submit" id="plan-save">Save plan</button>
</form>
<div class="row actions">
<button type="button" id="sr-enable">Enable</button>
<button type="button" id="sr-sync">Sync now</button>
<button type="button" id="sr-disconnect" class="danger">Disconnect</button>
</div>
<p id="sr-message" class="message" role="status" aria-live="polite"></p>
</article>
</section>

<section id="mapping" aria-labelledby="mapping-title">
<h2 id="mapping-title">An interview's integration</h2>
<div class="row">
<label for="interview">Willo interview</label>
<select id="interview" name="interview" hidden></select>
<input id="interview-id" name="interview-id" type="text" placeholder="interview key" hidden>
</div>
<div class="row">
<label for="job-search">Search SmartRecruiters jobs</label>
<input id="job-search" type="search" autocomplete="off" aria-controls="jobs">
</div>
<table id="jobs" aria-describedby="jobs-caption">
<caption id="jobs-caption">Most recently updated jobs: tick the ones whose candidates get this interview, and the stage that sends it.</caption>
<thead><tr><th scope="col">Connect</th><th scope="col">Job</th><th scope="col">Trigger stage</th></tr></thead>
<tbody id="jobs-body"></tbody>
</table>
<div class="row pager">
<button type="button" id="jobs-first">First page</button>
<button type="button" id="jobs-next">Next page</button>
<span id="jobs-page" aria-live="polite"></span>
</div>
<div class="row">
<button type="button" id="apply">Apply</button>
<p id="apply-message" class="message" role="status" aria-live="polite"></p>
</div>
<h3 id="applied-title">Applied mappings</h3>
<ul id="applied" aria-labelledby="applied-title"></ul>
</section>

<section id="activity" aria-labelledby="activity-title">
<h2 id="activity-title">Activity</h2>
<div class="row">
<label for="activity-filter"><input id="activity-filter" type="checkbox"> This interview only</label>
</div>
<ol id="timeline" aria-live="polite"></ol>
<button type="button" id="timeline-more">Older entries</button>
</section>
${
  demo
    ? `
<section id="demo" aria-labelledby="demo-title">
<h2 id="demo-title">Demo: act as the others</h2>
<form id="recruiter-form" aria-labelledby="recruiter-title">
<h3 id="recruiter-title">As the SmartRecruiters recruiter</h3>
<div class="row">
<label for="recruiter-job">Job</label>
<select id="recruiter-job" required></select>
</div>
<div class="row">
<label for="recruiter-candidate">Candidate</label>
<select id="recruiter-candidate" required></select>
</div>
<div class="row">
<label for="recruiter-stage">Move to stage</label>
<select id="recruiter-stage" required></select>
</div>
<button type="submit">Move the candidate</button>
<p id="recruiter-message" class="message" role="status" aria-live="polite"></p>
</form>
<form id="candidate-form" aria-labelledby="candidate-title">
<h3 id="candidate-title">As the candidate</h3>
<div class="row">
<label for="candidate-invitation">Invitation</label>
<select id="candidate-invitation" required></select>
</div>
<button type="submit">Complete the interview</button>
<p id="candidate-message" class="message" role="status" aria-live="polite"></p>
</form>
</section>`
    : ''
}
</main>
</body>
</html>
`;
}
