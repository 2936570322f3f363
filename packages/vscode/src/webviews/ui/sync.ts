import {
  syncEvent,
  type PlanRow,
  type PlanView,
  type ReportView,
  type SyncEvent,
  type SyncRequest,
} from '../messages.js';
import { app, h, listen, plural, post } from './dom.js';
import { checkedOf, valueOf } from './elements.js';

type Init = Extract<SyncEvent, { type: 'init' }>;

const send = (m: SyncRequest): void => post(m);
const mapping: Record<string, string> = {};
let missing: 'deactivate' | 'delete' | 'leave' = 'deactivate';

const KIND_LABELS: Record<PlanRow['kind'], string> = {
  createGroup: 'create group',
  create: 'create',
  update: 'update',
  rename: 'rename',
  reactivate: 'reactivate',
  deactivate: 'deactivate',
  delete: 'delete',
  removeMembers: 'remove members',
  addMembers: 'add members',
};

function section(id: string): HTMLElement {
  let el = document.getElementById(id);
  if (!el) {
    el = h('section', { id });
    app().append(el);
  }
  return el;
}

function select(options: string[], value: string, label: string, none = '(not read)'): HTMLElement {
  const s = h('vscode-single-select', { 'aria-label': label, combobox: true });
  for (const o of options)
    s.append(h('vscode-option', { value: o, selected: o === value }, o || none));
  return s;
}

function renderMapping(m: Init): void {
  const el = section('mapping');
  el.replaceChildren(
    h('h1', {}, `Sync ${m.team} from ${m.file}`),
    h(
      'p',
      { class: 'muted' },
      'Map the columns to SCIM attributes (remembered for this file), then make a plan. Nothing is sent before you apply.',
    ),
  );
  const table = h(
    'table',
    { 'aria-label': 'Column mapping' },
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, 'Column'), h('th', {}, 'Attribute'), h('th', {}, 'First values')),
    ),
  );
  const body = h('tbody');
  m.columns.forEach((c, i) => {
    const current = mapping[c] ?? '';
    const options = [
      '',
      ...m.targets,
      ...(current && !m.targets.includes(current) ? [current] : []),
    ];
    const sel = select(options, current, `Attribute for column ${c}`);
    sel.addEventListener('change', () => (mapping[c] = valueOf(sel)));
    const samples = m.rows
      .slice(0, 3)
      .map((r) => r[i] ?? '')
      .filter(Boolean)
      .join(', ');
    body.append(
      h(
        'tr',
        { 'data-column': c },
        h('td', {}, c),
        h('td', {}, sel),
        h('td', { class: 'muted' }, samples),
      ),
    );
  });
  table.append(body);
  const preview = h(
    'details',
    {},
    h('summary', {}, `Preview of the first ${plural(m.rows.length, 'row')}`),
    h(
      'table',
      { 'aria-label': 'Preview' },
      h('thead', {}, h('tr', {}, ...m.columns.map((c) => h('th', {}, c)))),
      h(
        'tbody',
        {},
        ...m.rows.map((r) => h('tr', {}, ...m.columns.map((_, i) => h('td', {}, r[i] ?? '')))),
      ),
    ),
  );
  const missingSel = select(
    ['deactivate', 'delete', 'leave'],
    missing,
    'Users missing from the file',
  );
  missingSel.addEventListener('change', () => (missing = valueOf(missingSel) as typeof missing));
  const planButton = h('vscode-button', { id: 'plan-button' }, 'Plan');
  planButton.addEventListener('click', () =>
    send({ type: 'plan', mapping: { ...mapping }, missing }),
  );
  el.append(
    table,
    preview,
    h(
      'div',
      { class: 'row' },
      h('vscode-label', {}, 'Users of the team missing from the file:'),
      missingSel,
      planButton,
    ),
  );
}

function card(kind: string, value: number, label: string): HTMLElement {
  return h(
    'div',
    { class: `card kind-${kind}${value === 0 ? ' zero' : ''}`, 'data-count': kind },
    h('div', { class: 'value' }, value.toLocaleString('en')),
    h('div', { class: 'label' }, label),
  );
}

function diffTable(r: PlanRow): HTMLElement {
  return h(
    'table',
    { class: 'diff', 'aria-label': `Changes of ${r.name}` },
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, 'attribute'), h('th', {}, 'before'), h('th', {}, 'after')),
    ),
    h(
      'tbody',
      {},
      ...r.changes.map((c) =>
        h(
          'tr',
          {},
          h('td', {}, c.path),
          h('td', { class: 'before' }, c.before || '∅'),
          h('td', { class: 'after' }, c.after || '∅'),
        ),
      ),
    ),
  );
}

function changeRow(r: PlanRow): HTMLElement {
  const what =
    r.changes.length > 0 && r.kind !== 'create'
      ? h('details', {}, h('summary', {}, r.name), diffTable(r))
      : h('span', {}, r.name);
  return h(
    'tr',
    {
      'data-kind': r.kind,
      'data-id': r.id,
      'data-text': `${r.kind} ${r.name} ${r.reason}`.toLowerCase(),
    },
    h('td', { class: 'kind' }, KIND_LABELS[r.kind]),
    h('td', {}, what),
    h('td', { class: 'muted' }, r.reason),
  );
}

function applyFilter(table: HTMLElement, text: string, kind: string, count: HTMLElement): void {
  const needle = text.trim().toLowerCase();
  let shown = 0;
  for (const tr of Array.from(table.querySelectorAll<HTMLElement>('tbody > tr[data-kind]'))) {
    const ok =
      (!kind || tr.dataset.kind === kind) && (!needle || (tr.dataset.text ?? '').includes(needle));
    tr.hidden = !ok;
    if (ok) shown++;
  }
  count.textContent = `${shown.toLocaleString('en')} shown`;
}

function renderPlan(p: PlanView): void {
  const el = section('plan');
  const kinds = (Object.keys(p.counts) as PlanRow['kind'][]).filter((k) => (p.counts[k] ?? 0) > 0);
  el.replaceChildren(
    h('h2', {}, `Plan: ${plural(p.total, 'change')}`),
    h(
      'div',
      { class: 'cards', role: 'list', 'aria-label': 'Changes per kind' },
      ...(Object.keys(p.counts) as PlanRow['kind'][]).map((k) =>
        card(k, p.counts[k] ?? 0, KIND_LABELS[k]),
      ),
    ),
  );
  if (p.errors.length > 0)
    el.append(
      h(
        'div',
        { class: 'banner error', role: 'alert' },
        h('strong', {}, 'The plan has errors and cannot be applied:'),
        h('ul', {}, ...p.errors.map((e) => h('li', {}, e))),
      ),
    );
  let confirm: HTMLElement | undefined;
  if (!p.safe) {
    confirm = h('vscode-checkbox', {
      id: 'confirm-unsafe',
      label: 'I have reviewed this unsafe plan and want to apply it',
    });
    el.append(
      h(
        'div',
        { class: 'banner', role: 'alert', id: 'unsafe' },
        h('strong', {}, 'Unsafe plan: '),
        p.problems.join('; '),
        h('div', { class: 'row' }, confirm),
      ),
    );
  } else if (p.errors.length === 0)
    el.append(h('div', { class: 'banner ok' }, 'Within the safety limits.'));
  if (p.warnings.length > 0)
    el.append(
      h(
        'details',
        {},
        h('summary', {}, plural(p.warnings.length, 'warning')),
        h('ul', {}, ...p.warnings.map((w) => h('li', {}, w))),
      ),
    );
  const table = h(
    'table',
    { id: 'changes', 'aria-label': 'Changes' },
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, 'kind'), h('th', {}, 'user or group'), h('th', {}, 'why')),
    ),
    h('tbody', {}, ...p.rows.map(changeRow)),
  );
  const count = h('span', { class: 'muted', id: 'shown' });
  const text = h('vscode-textfield', {
    id: 'filter',
    placeholder: 'Filter changes (name, kind, reason)',
    'aria-label': 'Filter changes',
  });
  const kind = select(['', ...kinds], '', 'Kind of change', 'every kind');
  const refilter = () => applyFilter(table, valueOf(text), valueOf(kind), count);
  text.addEventListener('input', refilter);
  kind.addEventListener('change', refilter);
  const apply = h(
    'vscode-button',
    { id: 'apply-button', disabled: p.errors.length > 0 || p.total === 0 },
    'Apply',
  );
  apply.addEventListener('click', () =>
    send({ type: 'apply', confirmUnsafe: confirm ? checkedOf(confirm) : false }),
  );
  el.append(h('div', { class: 'row' }, text, kind, count), table);
  if (p.hidden > 0)
    el.append(
      h(
        'p',
        { class: 'muted' },
        `${plural(p.hidden, 'more change')} not listed (all are applied).`,
      ),
    );
  el.append(h('div', { class: 'row' }, apply));
  refilter();
  section('progress').replaceChildren();
  section('report').replaceChildren();
}

function renderProgress(done: number, total: number): void {
  const el = section('progress');
  let bar = el.querySelector('progress');
  if (!bar) {
    const cancel = h('vscode-button', { id: 'cancel-button', secondary: true }, 'Cancel');
    cancel.addEventListener('click', () => send({ type: 'cancel' }));
    bar = h('progress', { max: total, 'aria-label': 'Applied changes' }) as HTMLProgressElement;
    el.replaceChildren(
      h('h2', {}, 'Applying'),
      h('div', { class: 'row' }, bar, h('span', { id: 'progress-text' }), cancel),
    );
    document.getElementById('apply-button')?.setAttribute('disabled', '');
  }
  bar.value = done;
  const t = document.getElementById('progress-text');
  if (t) t.textContent = `${done.toLocaleString('en')} / ${total.toLocaleString('en')}`;
}

function renderReport(r: ReportView): void {
  section('progress').replaceChildren();
  const el = section('report');
  const { done, conflict, failed, skipped } = r.counts;
  el.replaceChildren(
    h('h2', {}, r.cancelled ? 'Report (cancelled)' : 'Report'),
    h(
      'div',
      { class: 'cards', id: 'report-counts' },
      card('create', done, 'done'),
      card('update', conflict, 'conflicts'),
      card('delete', failed, 'failed'),
      card('skipped', skipped, 'skipped'),
    ),
  );
  if (r.problems.length > 0)
    el.append(
      h(
        'table',
        { 'aria-label': 'Changes not done' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, 'change'),
            h('th', {}, 'user or group'),
            h('th', {}, 'status'),
            h('th', {}, 'why'),
          ),
        ),
        h(
          'tbody',
          {},
          ...r.problems.map((p) =>
            h(
              'tr',
              { tabindex: 0 },
              h('td', { class: 'kind' }, KIND_LABELS[p.kind]),
              h('td', {}, p.name),
              h('td', {}, p.status),
              h('td', {}, p.why),
            ),
          ),
        ),
      ),
    );
  const again = h('vscode-button', { id: 'plan-again', secondary: true }, 'Plan again');
  again.addEventListener('click', () => send({ type: 'plan', mapping: { ...mapping }, missing }));
  el.append(h('div', { class: 'row' }, again));
  document
    .getElementById('plan')
    ?.replaceChildren(
      h(
        'p',
        { class: 'muted' },
        'The plan was applied; plan again to compare the file with the team now.',
      ),
    );
}

function setBusy(text: string | undefined): void {
  const el = section('status');
  el.replaceChildren(
    ...(text ? [h('div', { class: 'row', role: 'status' }, h('vscode-progress-ring'), text)] : []),
  );
}

listen(syncEvent, (m) => {
  if (m.type !== 'busy' && m.type !== 'progress') setBusy(undefined);
  // A new plan, progress or report supersedes an earlier error.
  if (m.type === 'plan' || m.type === 'progress' || m.type === 'report')
    document.getElementById('error')?.remove();
  switch (m.type) {
    case 'init':
      Object.assign(mapping, m.mapping);
      renderMapping(m);
      return;
    case 'busy':
      return setBusy(m.text);
    case 'plan':
      return renderPlan(m.plan);
    case 'progress':
      return renderProgress(m.done, m.total);
    case 'report':
      return renderReport(m.report);
    case 'error': {
      document.getElementById('error')?.remove();
      const banner = h('div', { class: 'banner error', role: 'alert', id: 'error' }, m.message);
      section('status').after(banner);
      return;
    }
  }
});
section('status');
send({ type: 'ready' });
