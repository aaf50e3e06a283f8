// End to end, in Debian's Chromium: an admin signs in and creates an editor, the editor
// publishes a decision with a PDF, visitors find it by search in French and Portuguese, it
// reaches a follower on another node; a wrong password, a forged CSRF token and a staff
// member of another commune are refused; a moderator hides a comment sent from a (miniature,
// signing) fediverse server; a visitor files a request with the form, staff answer it and the
// register shows it answered. Screenshots go to test-artifacts/ (not committed).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import http from 'node:http';
import { createHash, createSign, generateKeyPairSync } from 'node:crypto';
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

// A one-page PDF with a correct cross-reference table: uploads are parsed, not only sniffed.
function onePagePdf() {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return pdf;
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

let node1, node2, browser, adminPassword, bissauPassword, followerToken;

before(async () => {
  node1 = new Node('node1', await freePort());
  node2 = new Node('node2', await freePort());
  node1.cli('commune', 'add', 'rufisque', '--name', 'Rufisque', '--country', 'SN', '--region', 'Dakar');
  node1.cli('commune', 'add', 'bissau', '--name', 'Bissau', '--country', 'GW');
  adminPassword = node1.lastLine('staff', 'add', 'rufisque', 'maire', '--role', 'admin');
  bissauPassword = node1.lastLine('staff', 'add', 'bissau', 'secretaria', '--role', 'admin');
  node2.cli('commune', 'add', 'labe', '--name', 'Labé', '--country', 'GN');
  followerToken = node2.lastLine('token', 'create', 'labe');
  await node1.start();
  await node2.start();
  node2.cli('follow', 'labe', `@rufisque@${node1.name}.localhost:${node1.port}`);
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
  node1?.stop();
  node2?.stop();
});

async function context(locale) {
  return browser.newContext({ locale, extraHTTPHeaders: { 'Accept-Language': locale }, viewport: { width: 360, height: 740 } });
}

async function signIn(page, slug, user, password) {
  await page.goto(node1.url(`/communes/${slug}/admin/login`));
  await page.getByLabel(/Identifiant|Identificador|Username/).fill(user);
  await page.getByLabel(/Mot de passe|Palavra-passe|Password/).fill(password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/admin/login') && r.request().method() === 'POST'),
    page.getByRole('button', { name: /Se connecter|Entrar|Sign in/ }).click(),
  ]);
  await page.waitForLoadState();
  return response.status();
}

test('the whole staff-to-citizen path, and the refusals', async () => {
  // A wrong password is refused.
  const adminCtx = await context('fr-SN');
  const admin = await adminCtx.newPage();
  assert.equal(await signIn(admin, 'rufisque', 'maire', 'pas le bon mot de passe'), 401);
  await admin.getByText('Identifiant ou mot de passe incorrect').waitFor();

  // The admin signs in and creates an editor.
  assert.equal(await signIn(admin, 'rufisque', 'maire', adminPassword), 303);
  await admin.getByRole('heading', { name: 'Espace du personnel' }).waitFor();
  await admin.screenshot({ path: join(artifacts, 'admin-dashboard.png'), fullPage: true });
  await admin.getByRole('link', { name: 'Personnel', exact: true }).click();
  await admin.getByLabel('Identifiant').fill('awa');
  await admin.getByLabel(/Nouveau mot de passe/).fill('une phrase de passe solide');
  await admin.locator('#role').selectOption('editor');
  await admin.getByRole('button', { name: 'Ajouter un membre' }).click();
  await admin.getByText('Compte créé.').waitFor();

  // The editor publishes a decision with a PDF.
  const editorCtx = await context('fr-SN');
  const editor = await editorCtx.newPage();
  assert.equal(await signIn(editor, 'rufisque', 'awa', 'une phrase de passe solide'), 303);
  await editor.getByRole('link', { name: 'Publier une décision' }).click();
  const pdf = join(node1.dir, 'pv-seance.pdf');
  writeFileSync(pdf, onePagePdf());
  await editor.getByLabel('Référence').fill('D-2026-077');
  await editor.getByLabel('Type').selectOption('deliberation');
  await editor.getByLabel('Titre', { exact: true }).fill('Réhabilitation du marché central');
  await editor.getByLabel('Résumé').fill('Le conseil approuve les travaux du marché.');
  await editor.getByLabel('Texte (Markdown)').fill('Les travaux **commencent** en janvier.');
  await editor.getByLabel('Date de la séance').fill('2026-11-27');
  await editor.getByLabel('Statut').selectOption('adopted');
  await editor.getByLabel('Pour', { exact: true }).fill('28');
  await editor.getByLabel('Contre', { exact: true }).fill('2');
  await editor.getByLabel('Thèmes (séparés par des virgules)').fill('marchés, travaux');
  await editor.getByLabel(/Document PDF/).setInputFiles(pdf);
  await editor.screenshot({ path: join(artifacts, 'decision-form.png'), fullPage: true });
  await editor.getByRole('button', { name: 'Publier' }).click();
  await editor.getByRole('heading', { name: /Réhabilitation du marché central/ }).waitFor();
  await editor.getByRole('status').getByText('Décision publiée.').waitFor();
  await editor.getByRole('link', { name: 'pv-seance.pdf' }).waitFor();
  const decisionUrl = editor.url();
  await editor.screenshot({ path: join(artifacts, 'decision-page.png'), fullPage: true });

  // A forged CSRF token is refused, and nothing is published.
  await editor.goto(node1.url('/communes/rufisque/admin/decisions/new'));
  await editor.evaluate(() => { for (const i of document.querySelectorAll('input[name=csrf]')) i.value = 'forged'; });
  await editor.getByLabel('Référence').fill('D-FORGED');
  await editor.getByLabel('Titre', { exact: true }).fill('Forgée');
  await editor.getByLabel('Résumé').fill('Forgée');
  await editor.getByLabel('Date de la séance').fill('2026-11-27');
  const [forged] = await Promise.all([
    editor.waitForResponse((r) => r.url().endsWith('/decisions/new') && r.request().method() === 'POST'),
    editor.getByRole('button', { name: 'Publier' }).click(),
  ]);
  assert.equal(forged.status(), 403);
  await editor.getByText(/formulaire a expiré/).waitFor();

  // Visitors find it by search, in French and in Portuguese.
  const frCtx = await context('fr-SN');
  const fr = await frCtx.newPage();
  await fr.goto(node1.url('/communes/rufisque'));
  await fr.getByText(`@rufisque@node1.localhost:${node1.port}`).waitFor();
  await fr.screenshot({ path: join(artifacts, 'commune-home.png'), fullPage: true });
  await fr.getByRole('link', { name: 'Toutes les décisions' }).click();
  await fr.getByLabel('Rechercher').fill('marché');
  await fr.getByRole('button', { name: 'Filtrer' }).click();
  await fr.getByText('1 décision').waitFor();
  await fr.getByRole('link', { name: /Réhabilitation du marché central/ }).click();
  assert.equal(fr.url(), decisionUrl);
  const ptCtx = await context('pt-GW');
  const pt = await ptCtx.newPage();
  await pt.goto(node1.url('/communes/rufisque/decisions'));
  await pt.getByLabel('Pesquisar').fill('travaux');
  await pt.getByRole('button', { name: 'Filtrar' }).click();
  await pt.getByText('1 decisão').waitFor();
  await pt.screenshot({ path: join(artifacts, 'decisions-pt.png'), fullPage: true });

  // A staff member of another commune is refused.
  const otherCtx = await context('pt-GW');
  const other = await otherCtx.newPage();
  assert.equal(await signIn(other, 'bissau', 'secretaria', bissauPassword), 303);
  const refused = await other.goto(node1.url('/communes/rufisque/admin/decisions/new'));
  assert.equal(refused.status(), 403);
  await other.getByText('A sua conta não permite esta ação.').waitFor();

  // The decision reached the follower on node 2.
  let found = null;
  for (let i = 0; i < 100 && !found; i++) {
    const r = await fetch(`http://127.0.0.1:${node2.port}/api/v1/communes/labe/feed`, {
      headers: { Authorization: `Bearer ${followerToken}`, Host: `node2.localhost:${node2.port}` },
    });
    const feed = await r.json();
    found = (feed.items || []).find((i) => i.reference === 'D-2026-077');
    if (!found) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(found, 'the decision reached node 2');
  assert.equal(found.votes.yes, 28);
});

// WCAG 2.x contrast of every element that holds text, against the first opaque background
// behind it. Returns the elements below `min`.
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

test('pages work at 320 px, with readable contrast and a visible focus', async () => {
  const ctx = await browser.newContext({ locale: 'fr-SN', extraHTTPHeaders: { 'Accept-Language': 'fr' }, viewport: { width: 320, height: 640 } });
  const page = await ctx.newPage();
  assert.equal(await signIn(page, 'rufisque', 'maire', adminPassword), 303);
  const paths = [
    '/', '/communes/rufisque', '/communes/rufisque/decisions', '/communes/rufisque/decisions?q=zzz',
    '/communes/rufisque/admin', '/communes/rufisque/admin/decisions/new', '/communes/rufisque/admin/staff',
    '/communes/rufisque/admin/settings', '/communes/rufisque/admin/federation', '/communes/nowhere',
  ];
  for (const path of paths) {
    await page.goto(node1.url(path));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `${path} scrolls sideways at 320 px (${width} px wide)`);
    assert.deepEqual(await lowContrast(page), [], `${path} has text below 4.5:1`);
    // Every form field has a label.
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
      .filter((f) => !(f.labels && f.labels.length) && !f.getAttribute('aria-label')).map((f) => f.name));
    assert.deepEqual(unlabelled, [], `${path} has fields without a label`);
  }
  await page.goto(node1.url('/communes/rufisque'));
  await page.screenshot({ path: join(artifacts, 'commune-home-320.png'), fullPage: true });
  // The checks above can fail: light grey text on white is caught.
  await page.evaluate(() => { const p = document.createElement('p'); p.style.color = '#aaa'; p.textContent = 'pâle'; document.body.append(p); });
  assert.equal((await lowContrast(page)).length, 1);
  await page.reload();
  // Keyboard users see where they are: the focused element has an outline.
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return { tag: document.activeElement.tagName, style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    assert.notEqual(outline.style, 'none', `focused ${outline.tag} has no outline`);
    assert.ok(outline.width >= 2, `focused ${outline.tag} outline is ${outline.width}px`);
  }
});

test('an invited editor previews Markdown, then publishes; search ignores accents', async () => {
  const ctx = await context('pt-GW');
  const admin = await ctx.newPage();
  await admin.setExtraHTTPHeaders({ 'Accept-Language': 'pt' });
  assert.equal(await signIn(admin, 'bissau', 'secretaria', bissauPassword), 303);
  await admin.getByRole('link', { name: 'Pessoal', exact: true }).click();
  await admin.getByLabel('Função').first().selectOption('editor');
  await admin.getByRole('button', { name: 'Criar uma ligação de convite' }).click();
  const link = await admin.getByLabel('Ligação de convite').inputValue();
  assert.match(link, /\/communes\/bissau\/admin\/invitation\//);

  const guestCtx = await context('pt-GW');
  const guest = await guestCtx.newPage();
  await guest.goto(link);
  await guest.getByRole('heading', { name: 'Bem-vindo(a)' }).waitFor();
  await guest.getByLabel('Identificador').fill('quintino');
  await guest.getByLabel(/Nova palavra-passe/).fill('uma frase bastante longa');
  await guest.getByRole('button', { name: 'Criar a minha conta' }).click();
  await guest.getByRole('link', { name: 'Publicar uma decisão' }).click();
  await guest.getByLabel('Referência').fill('D-2026-031');
  await guest.getByLabel('Título', { exact: true }).fill('Orçamento participativo');
  await guest.getByLabel('Resumo').fill('A assembleia aprova o orçamento participativo.');
  await guest.getByLabel('Texto (Markdown)').fill('## Bairros\n\n- **Bandim**\n- Pluba <script>alert(1)</script>');
  await guest.getByLabel('Data da sessão').fill('2026-11-26');
  await guest.getByLabel('Língua do texto').selectOption('pt');
  await guest.getByRole('button', { name: 'Pré-visualização' }).click();
  const preview = guest.locator('#preview');
  await preview.getByRole('heading', { name: 'Bairros' }).waitFor();
  assert.equal(await preview.locator('strong').innerText(), 'Bandim');
  assert.equal(await preview.locator('script').count(), 0);
  await guest.screenshot({ path: join(artifacts, 'decision-preview.png'), fullPage: true });
  await guest.getByRole('button', { name: 'Publicar' }).click();
  await guest.getByRole('heading', { name: /Orçamento participativo/ }).waitFor();
  // The invitation works once.
  const again = await (await context('pt-GW')).newPage();
  assert.equal((await again.goto(link)).status(), 410);

  // Typed without accents, the search still finds it.
  await guest.goto(node1.url('/communes/bissau/decisions'));
  await guest.getByLabel('Pesquisar').fill('orcamento PARTICIPATIVO');
  await guest.getByRole('button', { name: 'Filtrar' }).click();
  await guest.getByText('1 decisão').waitFor();
});

// Consultations: staff create one and print codes; a visitor votes with a code; the page shows
// the chart and the table. Once in French (Rufisque), once in Portuguese (Bissau).
for (const [slug, user, locale, t] of [
  ['rufisque', 'maire', 'fr-SN', {
    menu: 'Consultations', title: 'Titre', question: 'Question posée aux habitants',
    options: /Réponses possibles/, closes: /Clôture/, create: 'Créer la consultation',
    count: 'Nombre de codes à imprimer', make: 'Créer les codes', sheet: /Codes de vote/,
    code: 'Code inscrit sur votre bulletin', vote: 'Voter', voted: 'Votre vote est enregistré',
    used: 'a déjà servi', results: 'Résultats', answers: ['Keur Massar', 'Centre-ville'],
    paper: /Saisir les bulletins papier/, place: 'Bureau de vote', save: 'Enregistrer le décompte',
    saved: 'Décompte enregistré', log: /Historique des décomptes/,
    edit: 'Modifier', saveEdit: 'Enregistrer les modifications', edited: 'Consultation modifiée',
    fixed: 'a déjà reçu des votes', description: /Présentation/,
  }],
  ['bissau', 'secretaria', 'pt-GW', {
    menu: 'Consultas', title: 'Título', question: 'Pergunta feita aos habitantes',
    options: /Respostas possíveis/, closes: /Encerramento/, create: 'Criar a consulta',
    count: 'Número de códigos a imprimir', make: 'Criar os códigos', sheet: /Códigos de voto/,
    code: 'Código impresso no seu boletim', vote: 'Votar', voted: 'O seu voto foi registado',
    used: 'já foi utilizado', results: 'Resultados', answers: ['Bandim', 'Pluba'],
    paper: /Registar os boletins em papel/, place: 'Mesa de voto', save: 'Registar a contagem',
    saved: 'Contagem registada', log: /Histórico das contagens/,
    edit: 'Modificar', saveEdit: 'Guardar as alterações', edited: 'Consulta modificada',
    fixed: 'já recebeu votos', description: /Apresentação/,
  }],
]) {
  test(`a consultation voted with a printed code (${locale})`, async () => {
    const staffCtx = await context(locale);
    const staff = await staffCtx.newPage();
    const password = slug === 'rufisque' ? adminPassword : bissauPassword;
    assert.equal(await signIn(staff, slug, user, password), 303);
    await staff.getByRole('link', { name: t.menu, exact: true }).click();
    await staff.getByLabel(t.title, { exact: true }).fill(`Marché ${locale}`);
    await staff.getByLabel(t.question).fill(`Où ? ${locale}`);
    await staff.getByLabel(t.options).fill(t.answers.join('\n'));
    const closes = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString().slice(0, 16);
    await staff.getByLabel(t.closes).fill(closes);
    await staff.getByRole('button', { name: t.create }).click();
    await staff.getByRole('heading', { name: `Marché ${locale}` }).waitFor();
    // Before the first vote, the question itself can still change.
    const created = staff.locator('section', { has: staff.getByRole('heading', { name: `Marché ${locale}` }) });
    await created.getByRole('link', { name: t.edit }).click();
    await staff.getByLabel(t.question).fill(`Où donc ? ${locale}`);
    await staff.getByRole('button', { name: t.saveEdit }).click();
    await staff.getByText(t.edited).waitFor();
    await staff.getByLabel(t.count).first().fill('3');
    await staff.getByRole('button', { name: t.make }).first().click();
    await staff.getByRole('heading', { name: t.sheet }).waitFor();
    await staff.screenshot({ path: join(artifacts, `codes-${slug}.png`), fullPage: true });
    const codes = await staff.locator('li code').allInnerTexts();
    assert.equal(codes.length, 3);
    const page = await staff.locator('li small').first().innerText();

    const visitorCtx = await context(locale);
    const visitor = await visitorCtx.newPage();
    await visitor.goto(page);
    await visitor.getByLabel(t.code).fill(codes[0].toLowerCase());
    await visitor.getByLabel(t.answers[1]).check();
    await visitor.getByRole('button', { name: t.vote }).click();
    await visitor.getByText(t.voted).waitFor();
    // The chart and the same numbers in a table.
    await visitor.getByRole('heading', { name: t.results }).waitFor();
    assert.equal(await visitor.locator('svg[role="img"] rect').count(), 2);
    const row = visitor.getByRole('row', { name: new RegExp(t.answers[1]) });
    assert.match(await row.innerText(), /1\s*$/);
    await visitor.screenshot({ path: join(artifacts, `consultation-${slug}.png`), fullPage: true });
    // The same code again is refused, in the reader's language.
    await visitor.getByLabel(t.code).fill(codes[0]);
    await visitor.getByLabel(t.answers[0]).check();
    await visitor.getByRole('button', { name: t.vote }).click();
    await visitor.getByText(t.used).waitFor();
    // Staff enter a polling place's paper ballots; the page then counts them too.
    await staff.goto(node1.url(`/communes/${slug}/admin/consultations`));
    const section = staff.locator('section', { has: staff.getByRole('heading', { name: `Marché ${locale}` }) });
    await section.locator('summary', { hasText: t.paper }).click();
    await section.getByLabel(t.place).fill('École 1');
    await section.getByLabel(t.answers[0], { exact: true }).fill('7');
    await section.getByRole('button', { name: t.save }).click();
    await staff.getByText(t.saved).waitFor();
    const after = staff.locator('section', { has: staff.getByRole('heading', { name: `Marché ${locale}` }) });
    await after.locator('summary', { hasText: t.log }).click();
    await after.getByRole('cell', { name: 'École 1' }).waitFor();
    await visitor.goto(page);
    const paperRow = visitor.getByRole('row', { name: new RegExp(t.answers[0]) });
    assert.match(await paperRow.innerText(), /7\s*$/);
    // After the votes, only the presentation and the closing can change.
    await staff.goto(node1.url(`/communes/${slug}/admin/consultations`));
    const voted = staff.locator('section', { has: staff.getByRole('heading', { name: `Marché ${locale}` }) });
    await voted.getByRole('link', { name: t.edit }).click();
    await staff.getByText(t.fixed).waitFor();
    assert.equal(await staff.getByLabel(t.options).count(), 0);
    await staff.getByLabel(t.description).fill('Le **marché** du samedi.');
    await staff.getByRole('button', { name: t.saveEdit }).click();
    await staff.getByText(t.edited).waitFor();
    await visitor.goto(page);
    await visitor.locator('strong', { hasText: 'marché' }).waitFor();
    await staffCtx.close();
    await visitorCtx.close();
  });
}

// A fediverse server in miniature: serves its actors and signs what they send as Mastodon
// does (cavage rsa-sha256 over (request-target) host date digest content-type).
async function fediversePeer(name) {
  const port = await freePort();
  const origin = `http://${name}.localhost:${port}`;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = publicKey.export({ type: 'spki', format: 'pem' });
  const server = http.createServer((req, res) => {
    const user = req.url.match(/^\/users\/([a-z0-9]+)$/)?.[1];
    if (req.method === 'GET' && user) {
      const id = `${origin}/users/${user}`;
      res.writeHead(200, { 'content-type': 'application/activity+json' });
      res.end(JSON.stringify({
        '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
        id, type: 'Person', preferredUsername: user, name: user === 'awa' ? 'Awa Ndiaye' : user,
        inbox: `${id}/inbox`, publicKey: { id: `${id}#main-key`, owner: id, publicKeyPem: pem },
      }));
    } else {
      req.resume();
      res.writeHead(202).end();
    }
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return {
    actor: (user) => `${origin}/users/${user}`,
    close: () => server.close(),
    // Posts `activity` to the node's shared inbox, signed by `user`; resolves to the status.
    send(node, user, activity) {
      const body = JSON.stringify(activity);
      const host = `${node.name}.localhost:${node.port}`;
      const date = new Date().toUTCString();
      const digest = `SHA-256=${createHash('sha256').update(body).digest('base64')}`;
      const type = 'application/activity+json';
      const signed = `(request-target): post /inbox\nhost: ${host}\ndate: ${date}\ndigest: ${digest}\ncontent-type: ${type}`;
      const signature = createSign('RSA-SHA256').update(signed).sign(privateKey, 'base64');
      const headers = {
        host, date, digest, 'content-type': type, 'content-length': Buffer.byteLength(body),
        signature: `keyId="${this.actor(user)}#main-key",algorithm="rsa-sha256",headers="(request-target) host date digest content-type",signature="${signature}"`,
      };
      return new Promise((resolveStatus, reject) => {
        const req = http.request({ host: '127.0.0.1', port: node.port, path: '/inbox', method: 'POST', headers }, (res) => {
          res.resume();
          resolveStatus(res.statusCode);
        });
        req.on('error', reject);
        req.end(body);
      });
    },
  };
}

async function publishByApi(slug, reference, title) {
  const token = node1.lastLine('token', 'create', slug);
  const r = await fetch(`http://127.0.0.1:${node1.port}/api/v1/communes/${slug}/decisions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', host: `${node1.name}.localhost:${node1.port}` },
    body: JSON.stringify({
      reference, kind: 'deliberation', title, summary: 'Le conseil adopte la mesure.',
      body: 'Texte.', session_date: '2026-11-20', status: 'adopted',
    }),
  });
  assert.equal(r.status, 201);
  return (await r.json()).id;
}

for (const [locale, slug, words] of [
  ['fr-SN', 'rufisque', { comments: 'Commentaires', reason: 'Motif', hide: 'Masquer', done: 'Modération enregistrée', hidden: 'Commentaires masqués' }],
  ['pt-GW', 'bissau', { comments: 'Comentários', reason: 'Motivo', hide: 'Ocultar', done: 'Moderação registada', hidden: 'Comentários ocultados' }],
]) {
  test(`a moderator hides a comment from the fediverse (${locale})`, async () => {
    const peer = await fediversePeer(`citizens-${slug}`);
    try {
      const object = await publishByApi(slug, `C-${slug}-1`, 'Route de la corniche');
      const note = `${peer.actor('awa')}/statuses/1`;
      const status = await peer.send(node1, 'awa', {
        '@context': 'https://www.w3.org/ns/activitystreams',
        id: `${note}/activity`, type: 'Create', actor: peer.actor('awa'),
        to: ['https://www.w3.org/ns/activitystreams#Public'],
        object: { id: note, type: 'Note', attributedTo: peer.actor('awa'), inReplyTo: object,
          to: ['https://www.w3.org/ns/activitystreams#Public'], content: '<p>Propos déplacé sur la route</p>' },
      });
      assert.equal(status, 202);
      const visitorCtx = await context(locale);
      const visitor = await visitorCtx.newPage();
      await visitor.goto(object);
      await visitor.getByText('Propos déplacé sur la route').waitFor();
      await visitor.getByText('Awa Ndiaye').waitFor();

      const password = node1.lastLine('staff', 'add', slug, `moderation-${slug}`, '--role', 'moderator');
      const ctx = await context(locale);
      const page = await ctx.newPage();
      assert.equal(await signIn(page, slug, `moderation-${slug}`, password), 303);
      await page.getByRole('link', { name: words.comments, exact: true }).click();
      await page.getByText('Propos déplacé sur la route').waitFor();
      await page.getByLabel(words.reason).first().fill('Hors sujet');
      await page.getByRole('button', { name: words.hide, exact: true }).first().click();
      await page.getByText(words.done).waitFor();
      await page.getByRole('heading', { name: words.hidden, exact: true }).waitFor();
      await page.getByRole('cell', { name: 'Hors sujet' }).waitFor();
      await page.screenshot({ path: join(artifacts, `moderation-${locale}.png`), fullPage: true });

      await visitor.reload();
      assert.equal(await visitor.getByText('Propos déplacé sur la route').count(), 0);
      await visitorCtx.close();
      await ctx.close();
    } finally {
      peer.close();
    }
  });
}

for (const [locale, slug, words] of [
  ['fr-SN', 'rufisque', { ask: 'Poser une question à la commune', subject: 'Objet', body: 'Votre demande (facultatif)', send: 'Envoyer la demande', filed: 'enregistrée', requests: 'Demandes des citoyens', answerLabel: /Réponse publique de la commune/, publish: 'Publier la réponse', done: 'Demande mise à jour', answered: 'Répondue', register: 'Registre des demandes', sameDay: 'le jour même' }],
  ['pt-GW', 'bissau', { ask: 'Fazer uma pergunta ao município', subject: 'Assunto', body: 'O seu pedido (facultativo)', send: 'Enviar o pedido', filed: 'registado', requests: 'Pedidos dos cidadãos', answerLabel: /Resposta pública do município/, publish: 'Publicar a resposta', done: 'Pedido atualizado', answered: 'Respondido', register: 'Registo dos pedidos', sameDay: 'no próprio dia' }],
]) {
  test(`a visitor files a request, staff answer it, the register shows it (${locale})`, async () => {
    const visitorCtx = await context(locale);
    const visitor = await visitorCtx.newPage();
    await visitor.goto(node1.url(`/communes/${slug}/requests`));
    await visitor.getByRole('heading', { name: words.register }).waitFor();
    await visitor.getByRole('link', { name: words.ask }).click();
    const subject = `Entretien des écoles ${locale}`;
    await visitor.getByLabel(words.subject, { exact: true }).fill(subject);
    await visitor.getByLabel(words.body).fill('Quel montant en 2025 ?');
    await visitor.getByRole('button', { name: words.send }).click();
    await visitor.getByText(words.filed).waitFor();
    const reference = (await visitor.locator('h1').textContent()).match(/\d{4}-\d{4}/)[0];
    const followUp = await visitor.locator('a[href*="/requests/follow/"]').getAttribute('href');
    await visitor.screenshot({ path: join(artifacts, `request-filed-${locale}.png`), fullPage: true });

    const password = node1.lastLine('staff', 'add', slug, `accueil-${slug}`, '--role', 'editor');
    const ctx = await context(locale);
    const staff = await ctx.newPage();
    assert.equal(await signIn(staff, slug, `accueil-${slug}`, password), 303);
    await staff.getByRole('link', { name: words.requests, exact: true }).click();
    await staff.getByRole('link', { name: reference }).click();
    await staff.getByText('Quel montant en 2025 ?').waitFor();
    await staff.getByLabel(words.answerLabel).fill('4 200 000 F CFA, voir le compte administratif.');
    await staff.getByRole('button', { name: words.publish }).click();
    await staff.getByText(words.done).waitFor();
    await staff.screenshot({ path: join(artifacts, `request-answered-${locale}.png`), fullPage: true });

    await visitor.goto(node1.url(`/communes/${slug}/requests?status=answered`));
    const row = visitor.getByRole('row', { name: new RegExp(reference) });
    await row.getByText(words.answered).waitFor();
    assert.equal(await row.locator('td').last().textContent(), '0');
    await visitor.getByRole('link', { name: reference }).click();
    await visitor.getByText('4 200 000 F CFA').waitFor();
    await visitor.getByText(words.sameDay).waitFor();
    await visitor.goto(followUp);
    await visitor.getByText('Quel montant en 2025 ?').waitFor();
    await visitor.getByText('4 200 000 F CFA').waitFor();
    await visitorCtx.close();
    await ctx.close();
  });
}
