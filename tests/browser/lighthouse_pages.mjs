// Lighthouse on several pages from one Node process and one Chromium (tests/browser/
// test_lighthouse.py): the same runs as its command line, each page in a tab of its own, without
// starting Node, Lighthouse and a browser again for every page (a third of each run's time).
//
//   CHROME_PATH=/usr/bin/chromium node lighthouse_pages.mjs runs.json
//
// runs.json: {"categories": [...], "pages": [{"url": ..., "report": path of the JSON report
// to write}, ...]}. A page that cannot be measured is named on stderr and has no report; the
// others still run.
import fs from "node:fs";

import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const { categories, pages } = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
});
let failed = 0;
try {
  for (const page of pages) {
    try {
      const result = await lighthouse(page.url, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: categories,
      });
      fs.writeFileSync(page.report, result.report);
    } catch (error) {
      failed += 1;
      console.error(`${page.url}: ${error}`);
    }
  }
} finally {
  await chrome.kill();
}
process.exitCode = failed ? 1 : 0;
