// End to end, in Debian's Chromium: the action plan and the budgets through the staff forms, in
// French (Rufisque, Senegal) and in Portuguese (Bissau, Guinea-Bissau). A staff member signs
// in, creates a commitment with a milestone, marks the milestone done with its evidence, and
// the public pages show it done, readable at 320 px. Then a budget file
// (docs/budget/exemple-budget-2026.csv) is imported through the staff form (upload, preview,
// confirm) and the public year page shows its SVG chart and its table. Screenshots go to
// test-artifacts/ (not committed).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = process.env.PALABRE_BIN || join(root, 'target/debug/palabre');
const artifacts = join(root, 'test-artifacts');
mkdirSync(artifacts, { recursive: true });

async function freePort() {
  return new Promise((ok, ko) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => ok(port)); });
    srv.on('error', ko);
  });
}

function freshDatabase(dir) {
  const admin = process.env.PALABRE_TEST_DATABASE_URL;
  if (admin && admin.startsWith('postgres')) {
    const name = `palabre_e2e_${Math.random().toString(36).slice(2)}`;
    execFileSync('psql', [admin, '-q', '-c', `CREATE DATABASE ${name}`]);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    return url.toString();
  }
  return `sqlite://${join(dir, 'palabre.db')}`;
}

// A real `palabre serve` process with its own database and media folder.
class Node {
  constructor(name, port) {
    this.name = name;
    this.port = port;
    this.dir = mkdtempSync(join(tmpdir(), `palabre-e2e-${name}-`));
    this.env = {
      PATH: process.env.PATH,
      PALABRE_DOMAIN: `${name}.localhost:${port}`,
      PALABRE_BIND: `127.0.0.1:${port}`,
      DATABASE_URL: freshDatabase(this.dir),
      PALABRE_DEV: '1',
      PALABRE_MEDIA_DIR: join(this.dir, 'media'),
      PALABRE_DELIVERY_BACKOFF_SECS: '1',
      RUST_LOG: 'warn',
    };
  }
  url(path) { return `http://${this.name}.localhost:${this.port}${path}`; }
  cli(...args) { return execFileSync(bin, args, { env: this.env, encoding: 'utf8' }); }
  lastLine(...args) { return this.cli(...args).trim().split('\n').pop().trim(); }
  async start() {
    this.child = spawn(bin, ['serve'], { env: this.env, stdio: ['ignore', 'ignore', 'inherit'] });
    for (let i = 0; i < 200; i++) {
      try {
        const r = await fetch(`http://127.0.0.1:${this.port}/nodeinfo/2.1`);
        if (r.ok) return;
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${this.name} did not start`);
  }
  stop() { this.child?.kill('SIGKILL'); }
}

let node, browser;
const passwords = {};

before(async () => {
  node = new Node('plan', await freePort());
  node.cli('commune', 'add', 'rufisque', '--name', 'Rufisque', '--country', 'SN', '--region', 'Dakar');
  node.cli('commune', 'add', 'bissau', '--name', 'Bissau', '--country', 'GW');
  passwords.rufisque = node.lastLine('staff', 'add', 'rufisque', 'awa', '--role', 'editor');
  passwords.bissau = node.lastLine('staff', 'add', 'bissau', 'ana', '--role', 'editor');
  await node.start();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--host-resolver-rules=MAP *.localhost 127.0.0.1',
    ],
  });
});

after(async () => {
  await browser?.close();
  node?.stop();
});

async function context(locale, width = 360) {
  return browser.newContext({ locale, extraHTTPHeaders: { 'Accept-Language': locale }, viewport: { width, height: 740 } });
}

async function signIn(page, slug, user, password) {
  await page.goto(node.url(`/communes/${slug}/admin/login`));
  await page.getByLabel(/Identifiant|Identificador|Username/).fill(user);
  await page.getByLabel(/Mot de passe|Palavra-passe|Password/).fill(password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/admin/login') && r.request().method() === 'POST'),
    page.getByRole('button', { name: /Se connecter|Entrar|Sign in/ }).click(),
  ]);
  await page.waitForLoadState();
  return response.status();
}

// A date `days` from today as YYYY-MM-DD. Both communes are on UTC (Africa/Dakar,
// Africa/Bissau), so today is the same there and here in UTC.
function isoDay(days = 0) {
  return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
}

// The page does not scroll sideways at its viewport's width.
async function fitsWidth(page, width) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= width, `${page.url()} is ${w} px wide at ${width} px`);
}

// WCAG 2.x contrast of every element that holds text, against the first opaque background
// behind it (as in browser.test.mjs). Returns the elements below `min`.
async function lowContrast(page, min = 4.5) {
  return page.evaluate((min) => {
    const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
      return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const bad = [];
    for (const el of document.querySelectorAll('body *')) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own || !el.getClientRects().length) continue;
      const fg = lum(rgb(getComputedStyle(el).color));
      const bg = lum(background(el));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      if (ratio < min) bad.push(`${el.tagName} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
    }
    return bad;
  }, min);
}

// What each language's run reads and types.
const runs = [
  {
    lang: 'fr', locale: 'fr-SN', slug: 'rufisque', user: 'awa',
    nav: 'Plan d’action', create: 'Nouvel engagement',
    fields: {
      'Titre de l’engagement': 'Éclairer les rues de Keury Souf',
      'Problème public traité': 'Les rues du quartier sont sombres la nuit.',
      'Pilote (service ou personne responsable)': 'Service technique communal',
      'Partenaires (associations, services de l’État, bailleurs…)': 'Association des jeunes de Keury Souf',
      'Date de début': isoDay(-30),
      'Date de fin': isoDay(300),
      'Jalon 1 : intitulé': 'Pose de vingt lampadaires solaires',
      'Jalon 1 : échéance': isoDay(60),
    },
    status: 'État (échelle de l’OGP)', submit: 'Créer l’engagement', saved: 'Modifications enregistrées',
    evidence: /Lien vers la preuve/, done: 'Marquer comme réalisé', doneOn: /Réalisé le/,
    publicLink: 'Page publique', evidenceLink: 'Voir la preuve', progress: '1 jalon réalisé sur 1',
    late: 'En retard', plan: 'Tout le plan d’action', statusShown: 'limité',
    note: { label: 'Note d’avancement', text: 'Les lampadaires sont posés et allumés.', add: 'Ajouter la note' },
    budget: {
      staff: 'Budgets', importLink: 'Importer un fichier de budget', file: /Fichier CSV du budget/,
      read: 'Lire le fichier', confirm: 'Confirmer et publier',
    },
  },
  {
    lang: 'pt', locale: 'pt-GW', slug: 'bissau', user: 'ana',
    nav: 'Plano de ação', create: 'Novo compromisso',
    fields: {
      'Título do compromisso': 'Iluminar as ruas do Bairro de Ajuda',
      'Problema público tratado': 'As ruas do bairro ficam às escuras à noite.',
      'Responsável (serviço ou pessoa)': 'Serviços técnicos municipais',
      'Parceiros (associações, serviços do Estado, financiadores…)': 'Associação dos jovens do bairro',
      'Data de início': isoDay(-30),
      'Data de fim': isoDay(300),
      'Etapa 1: designação': 'Instalação de vinte candeeiros solares',
      'Etapa 1: prazo': isoDay(60),
    },
    status: 'Estado (escala da OGP)', submit: 'Criar o compromisso', saved: 'Alterações guardadas',
    evidence: /Ligação para o comprovativo/, done: 'Marcar como realizada', doneOn: /Realizada em/,
    publicLink: 'Página pública', evidenceLink: 'Ver o comprovativo', progress: '1 etapa realizada de 1',
    late: 'Em atraso', plan: 'Todo o plano de ação', statusShown: 'limitado',
    note: { label: 'Nota de acompanhamento', text: 'Os candeeiros estão instalados e acesos.', add: 'Acrescentar a nota' },
    budget: {
      staff: 'Orçamentos', importLink: 'Importar um ficheiro de orçamento', file: /Ficheiro CSV do orçamento/,
      read: 'Ler o ficheiro', confirm: 'Confirmar e publicar',
    },
  },
];

for (const run of runs) {
  test(`a commitment from the staff form to the public page (${run.lang})`, async () => {
    const ctx = await context(run.locale);
    const page = await ctx.newPage();
    assert.equal(await signIn(page, run.slug, run.user, passwords[run.slug]), 303);

    // The staff navigation leads to the plan, and to the form.
    await page.getByRole('link', { name: run.nav, exact: true }).click();
    await page.getByRole('heading', { name: run.nav, exact: true }).waitFor();
    await page.getByRole('link', { name: run.create }).click();
    for (const [label, value] of Object.entries(run.fields)) {
      await page.getByLabel(label, { exact: true }).fill(value);
    }
    await page.getByLabel(run.status, { exact: true }).selectOption('limited');
    await page.screenshot({ path: join(artifacts, `commitment-form-${run.lang}.png`), fullPage: true });
    await page.getByRole('button', { name: run.submit }).click();
    const title = Object.values(run.fields)[0];
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    await page.getByRole('status').getByText(run.saved).waitFor();
    assert.match(page.url(), new RegExp(`/communes/${run.slug}/admin/commitments/[^/]+$`));

    // The milestone marked done, with its evidence; the done date is today by default.
    const doneOn = page.locator('input[name=done_on]');
    assert.equal(await doneOn.inputValue(), isoDay(0));
    const evidence = `https://example.org/${run.slug}/rapport-eclairage.pdf`;
    await page.getByLabel(run.evidence).fill(evidence);
    await page.getByRole('button', { name: run.done }).click();
    await page.getByRole('status').getByText(run.saved).waitFor();
    await page.getByText(run.doneOn).first().waitFor();

    // A dated progress note.
    await page.getByLabel(run.note.label, { exact: true }).fill(run.note.text);
    await page.getByRole('button', { name: run.note.add }).click();
    await page.getByRole('status').getByText(run.saved).waitFor();
    await page.screenshot({ path: join(artifacts, `commitment-staff-${run.lang}.png`), fullPage: true });

    // The public page shows it done, with its evidence, nothing late; readable at 320 px.
    const href = await page.getByRole('link', { name: run.publicLink }).getAttribute('href');
    const reader = await (await context(run.locale, 320)).newPage();
    await reader.goto(node.url(href));
    await reader.getByRole('heading', { name: title, level: 1 }).waitFor();
    const row = reader.getByRole('row', { name: new RegExp(Object.values(run.fields)[6]) });
    await row.getByText('✓').waitFor();
    const link = row.getByRole('link', { name: run.evidenceLink });
    assert.equal(await link.getAttribute('href'), evidence);
    assert.equal(await link.getAttribute('rel'), 'nofollow noopener');
    await reader.getByText(run.progress).waitFor();
    await reader.getByText(run.note.text).waitFor();
    assert.equal(await reader.getByText(run.late, { exact: true }).count(), 0);
    assert.deepEqual(await lowContrast(reader), [], 'text below 4.5:1');
    assert.equal(await reader.locator('script').count(), 0);
    await fitsWidth(reader, 320);
    // The milestones' table fits too, without scrolling inside itself.
    const table = await reader.locator('table').evaluate((t) => [t.scrollWidth, t.clientWidth]);
    assert.ok(table[0] <= table[1], `the milestones' table scrolls at 320 px (${table})`);
    await reader.screenshot({ path: join(artifacts, `commitment-page-${run.lang}.png`), fullPage: true });

    // The plan lists it with its status and progress.
    await reader.getByRole('link', { name: run.plan }).click();
    const item = reader.locator('section', { has: reader.getByRole('heading', { name: title }) });
    await item.getByText(run.progress).waitFor();
    await item.getByText(run.statusShown, { exact: false }).first().waitFor();
    assert.equal(await item.locator('svg').count(), 1);
    await fitsWidth(reader, 320);
    assert.deepEqual(await lowContrast(reader), [], 'text below 4.5:1');
    await reader.screenshot({ path: join(artifacts, `commitments-plan-${run.lang}.png`), fullPage: true });
    await ctx.close();
  });
}

for (const run of runs) {
  test(`a budget imported through the staff form (${run.lang})`, async () => {
    const ctx = await context(run.locale);
    const page = await ctx.newPage();
    assert.equal(await signIn(page, run.slug, run.user, passwords[run.slug]), 303);
    await page.getByRole('link', { name: run.budget.staff, exact: true }).click();
    await page.getByRole('link', { name: run.budget.importLink }).click();
    await page.getByLabel(run.budget.file).setInputFiles(join(root, 'docs/budget/exemple-budget-2026.csv'));
    await page.getByRole('button', { name: run.budget.read }).click();
    // The preview: the totals, and nothing stored until confirmed.
    const confirm = page.getByRole('button', { name: run.budget.confirm });
    await confirm.waitFor();
    assert.ok(await page.locator('table').count() >= 2);
    await page.screenshot({ path: join(artifacts, `budget-preview-${run.lang}.png`), fullPage: true });
    const before = await fetch(`http://127.0.0.1:${node.port}/api/v1/communes/${run.slug}/budgets/2026`, {
      headers: { Host: `${node.name}.localhost:${node.port}` },
    });
    assert.equal(before.status, 404, 'nothing published before the confirmation');
    await confirm.click();
    await page.getByRole('status').getByText(run.saved).waitFor();

    // The public year page: an SVG chart and a table, at 320 px.
    const reader = await (await context(run.locale, 320)).newPage();
    const res = await reader.goto(node.url(`/communes/${run.slug}/budgets/2026`));
    assert.equal(res.status(), 200);
    await reader.locator('svg').first().waitFor();
    await reader.locator('table').first().waitFor();
    await fitsWidth(reader, 320);
    await reader.screenshot({ path: join(artifacts, `budget-year-${run.lang}.png`), fullPage: true });
    await ctx.close();
  });
}
