import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { overviewEvent, type OverviewData, type OverviewRequest } from '../messages.js';
import { app, h, listen, plural, post, themeColor } from './dom.js';
import { valueOf } from './elements.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  DoughnutController,
  ArcElement,
  Tooltip,
  Legend,
);

const send = (m: OverviewRequest): void => post(m);
let staleDays = 90;
const charts: Chart[] = [];

function card(figure: string, value: number, label: string): HTMLElement {
  return h(
    'div',
    { class: 'card', 'data-figure': figure, role: 'listitem' },
    h('div', { class: 'value' }, value.toLocaleString('en')),
    h('div', { class: 'label' }, label),
  );
}

function names(
  title: string,
  figure: string,
  part: { count: number; sample: Array<{ name: string }> },
  empty: string,
): HTMLElement {
  return h(
    'section',
    { 'data-figure': figure },
    h('h2', {}, `${title} (${part.count.toLocaleString('en')})`),
    part.count === 0
      ? h('p', { class: 'muted' }, empty)
      : h(
          'ul',
          { class: 'names', tabindex: 0, 'aria-label': title },
          ...part.sample.map((x) => h('li', {}, x.name)),
        ),
    part.count > part.sample.length
      ? h('p', { class: 'muted' }, `and ${plural(part.count - part.sample.length, 'more', 'more')}`)
      : false,
  );
}

/** A sized chart container; CSSOM, not a style attribute, which the CSP refuses. */
function box(height: number, canvas: HTMLCanvasElement): HTMLElement {
  const el = h('div', { class: 'chart-box' }, canvas);
  el.style.height = `${height}px`;
  return el;
}

function chartColors() {
  return {
    fg: themeColor('foreground', '#ccc'),
    grid: themeColor('panel-border', '#8884'),
    bar: themeColor('charts-blue', '#3794ff'),
    active: themeColor('charts-green', '#89d185'),
    inactive: themeColor('charts-red', '#f14c4c'),
  };
}

function drawCharts(d: OverviewData, bars: HTMLCanvasElement, ring: HTMLCanvasElement): void {
  for (const c of charts.splice(0)) c.destroy();
  const c = chartColors();
  Chart.defaults.color = c.fg;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  charts.push(
    new Chart(bars, {
      type: 'bar',
      data: {
        labels: d.usersPerGroup.map((g) => g.name),
        datasets: [
          { label: 'users', data: d.usersPerGroup.map((g) => g.users), backgroundColor: c.bar },
        ],
      },
      options: {
        indexAxis: 'y',
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: {
          x: { grid: { color: c.grid }, ticks: { precision: 0 } },
          y: { grid: { display: false } },
        },
      },
    }),
  );
  charts.push(
    new Chart(ring, {
      type: 'doughnut',
      data: {
        labels: ['active', 'inactive'],
        datasets: [
          { data: [d.active, d.inactive], backgroundColor: [c.active, c.inactive], borderWidth: 0 },
        ],
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { position: 'bottom' } },
      },
    }),
  );
}

function render(d: OverviewData): void {
  const bars = h('canvas', {
    role: 'img',
    'aria-label': `Users per group: ${d.usersPerGroup.map((g) => `${g.name} ${g.users}`).join(', ')}`,
  }) as HTMLCanvasElement;
  const ring = h('canvas', {
    role: 'img',
    'aria-label': `${d.active} active and ${d.inactive} inactive users`,
  }) as HTMLCanvasElement;
  const days = h('vscode-textfield', {
    id: 'stale-days',
    type: 'number',
    min: 1,
    max: 3650,
    value: staleDays,
    'aria-label': 'Days without a change',
  });
  const refresh = h('vscode-button', { id: 'refresh' }, 'Refresh');
  const reload = () => {
    const n = Number(valueOf(days));
    if (Number.isInteger(n) && n >= 1 && n <= 3650) staleDays = n;
    send({ type: 'refresh', staleDays });
  };
  refresh.addEventListener('click', reload);
  days.addEventListener('keydown', (e) => (e as KeyboardEvent).key === 'Enter' && reload());
  const stale = d.stale;
  const changes = d.changes;
  app().replaceChildren(
    h('h1', {}, `Team ${d.team}`),
    h(
      'div',
      { class: 'row' },
      h('span', { class: 'muted' }, `Read ${new Date(d.takenAt).toLocaleString()}`),
      refresh,
    ),
    h(
      'div',
      { class: 'cards', role: 'list', 'aria-label': 'Users and groups' },
      card('users', d.users, 'users'),
      card('active', d.active, 'active'),
      card('inactive', d.inactive, 'inactive'),
      card('groups', d.groups, 'groups'),
    ),
    h(
      'div',
      { class: 'two' },
      h(
        'section',
        {},
        h('h2', {}, 'Users per group'),
        box(Math.max(160, d.usersPerGroup.length * 26 + 40), bars),
        h(
          'details',
          {},
          h('summary', {}, 'As a table'),
          h(
            'table',
            { 'aria-label': 'Users per group', id: 'per-group' },
            h('thead', {}, h('tr', {}, h('th', {}, 'group'), h('th', {}, 'users'))),
            h(
              'tbody',
              {},
              ...d.usersPerGroup.map((g) =>
                h('tr', {}, h('td', {}, g.name), h('td', {}, String(g.users))),
              ),
            ),
          ),
        ),
      ),
      h('section', {}, h('h2', {}, 'Active and inactive'), box(220, ring)),
    ),
    h(
      'div',
      { class: 'two' },
      names('Groups with no members', 'empty-groups', d.emptyGroups, 'Every group has members.'),
      names('Users in no group', 'no-group', d.usersInNoGroup, 'Every user is in a group.'),
    ),
    h(
      'section',
      { 'data-figure': 'stale' },
      h(
        'h2',
        {},
        `Users not changed in ${stale.days} days${stale.count === undefined ? '' : ` (${stale.count.toLocaleString('en')})`}`,
      ),
      h('div', { class: 'row' }, h('vscode-label', { for: 'stale-days' }, 'Days:'), days),
      stale.note
        ? h('p', { class: 'muted' }, stale.note)
        : stale.count === 0
          ? h('p', { class: 'muted' }, 'None.')
          : h(
              'ul',
              { class: 'names', tabindex: 0, 'aria-label': 'Users not changed' },
              ...stale.sample.map((x) => h('li', {}, x.name)),
            ),
    ),
    h(
      'section',
      { 'data-figure': 'changes' },
      h('h2', {}, 'Recent changes'),
      changes.since === undefined
        ? h('p', { class: 'muted' }, 'First opening: changes show from the next one on.')
        : changes.events.length === 0
          ? h(
              'p',
              { class: 'muted' },
              `No changes since ${new Date(changes.since).toLocaleString()}.`,
            )
          : h(
              'div',
              {},
              h('p', { class: 'muted' }, `Since ${new Date(changes.since).toLocaleString()}:`),
              h('ul', {}, ...changes.events.map((e) => h('li', { 'data-type': e.type }, e.text))),
              changes.more > 0
                ? h('p', { class: 'muted' }, `and ${plural(changes.more, 'more', 'more')}`)
                : false,
            ),
    ),
  );
  drawCharts(d, bars, ring);
}

listen(overviewEvent, (m) => {
  switch (m.type) {
    case 'busy':
      document.getElementById('busy')?.remove();
      app().prepend(
        h('div', { class: 'row', role: 'status', id: 'busy' }, h('vscode-progress-ring'), m.text),
      );
      return;
    case 'overview':
      return render(m.data);
    case 'error':
      document.getElementById('busy')?.remove();
      app().prepend(h('div', { class: 'banner error', role: 'alert' }, m.message));
      return;
  }
});
send({ type: 'ready' });
