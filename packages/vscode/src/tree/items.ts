import * as vscode from 'vscode';
import type { ScimGroup, ScimUser } from '@celonis-scim/core';
import { isInactive, nodeId, userLabel, type Node } from './nodes.js';

const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;
const None = vscode.TreeItemCollapsibleState.None;

export interface ItemContext {
  teamUrl(team: string): string | undefined;
}

/** How each node looks: label says who, description adds the key, tooltip the details. */
export function treeItem(n: Node, ctx: ItemContext): vscode.TreeItem {
  const item = build(n, ctx);
  item.id = nodeId(n);
  return item;
}

function build(n: Node, ctx: ItemContext): vscode.TreeItem {
  switch (n.kind) {
    case 'team': {
      const item = new vscode.TreeItem(n.team, Collapsed);
      item.contextValue = 'team';
      item.iconPath = new vscode.ThemeIcon('organization');
      item.tooltip = ctx.teamUrl(n.team) ?? n.team;
      setDescription(item, ctx.teamUrl(n.team));
      item.accessibilityInformation = { label: vscode.l10n.t('Team {0}', n.team) };
      return item;
    }
    case 'folder': {
      const f = n.filter;
      const total = n.total;
      const item = new vscode.TreeItem(n.type, Collapsed);
      const parts = [
        total !== undefined ? `${total}` : undefined,
        f ? `filter: ${f.text}` : undefined,
      ];
      setDescription(item, parts.filter(Boolean).join(' · '));
      item.contextValue = `folder.${n.type.toLowerCase()}${f ? '.filtered' : ''}`;
      item.iconPath = new vscode.ThemeIcon(
        f ? 'filter-filled' : n.type === 'Users' ? 'person' : 'organization',
      );
      item.tooltip = f
        ? `${n.type} matching: ${f.scim}`
        : `All ${n.type.toLowerCase()} of ${n.team}`;
      item.accessibilityInformation = {
        label: `${n.type} of ${n.team}${total !== undefined ? `, ${total} in all` : ''}${f ? `, filter ${f.text}` : ''}`,
      };
      return item;
    }
    case 'user':
      return userItem(n.user);
    case 'group':
      return groupItem(n.group);
    case 'userGroup': {
      const item = new vscode.TreeItem(n.display, None);
      item.contextValue = 'groupRef';
      item.iconPath = new vscode.ThemeIcon('organization');
      item.tooltip = `Group ${n.display}\nid: ${n.groupId}`;
      item.accessibilityInformation = { label: vscode.l10n.t('Member of group {0}', n.display) };
      return item;
    }
    case 'member': {
      const label = n.member.display ?? n.member.value;
      const item = new vscode.TreeItem(label, None);
      item.contextValue = n.member.type === 'Group' ? 'member.group' : 'member.user';
      item.iconPath = new vscode.ThemeIcon(n.member.type === 'Group' ? 'organization' : 'person');
      setDescription(item, n.member.display ? n.member.value : undefined);
      item.tooltip = `${label}\nid: ${n.member.value}\nmember of ${n.groupName}`;
      item.accessibilityInformation = {
        label: vscode.l10n.t('Member {0} of {1}', label, n.groupName),
      };
      return item;
    }
    case 'loadMore': {
      const of = n.total !== undefined ? ` (${n.loaded} of ${n.total})` : '';
      const item = new vscode.TreeItem(vscode.l10n.t('Load more...'), None);
      setDescription(item, of.trim());
      item.contextValue = 'loadMore';
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { command: 'celonisScim.loadMore', title: 'Load More', arguments: [n] };
      item.accessibilityInformation = { label: `Load more${of}` };
      return item;
    }
    case 'message': {
      const item = new vscode.TreeItem(n.text, None);
      item.contextValue = 'message';
      item.iconPath = new vscode.ThemeIcon(n.error ? 'error' : 'info');
      item.tooltip = n.text;
      return item;
    }
  }
}

function userItem(u: ScimUser): vscode.TreeItem {
  const label = userLabel(u);
  const inactive = isInactive(u);
  const item = new vscode.TreeItem(label, Collapsed);
  const desc = [inactive ? 'inactive' : undefined, label !== u.userName ? u.userName : undefined];
  setDescription(item, desc.filter(Boolean).join(' · '));
  item.contextValue = inactive ? 'user.inactive' : 'user.active';
  item.iconPath = inactive
    ? new vscode.ThemeIcon('person', new vscode.ThemeColor('disabledForeground'))
    : new vscode.ThemeIcon('person');
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${escapeMd(label)}**${inactive ? ' (inactive)' : ''}\n\n`);
  const rows: Array<[string, string | undefined]> = [
    ['userName', u.userName],
    ['e-mail', u.emails?.find((e) => e.primary)?.value ?? u.emails?.[0]?.value],
    ['id', u.id],
    ['externalId', u.externalId],
    ['title', u.title],
    ['last modified', u.meta?.lastModified],
  ];
  for (const [k, v] of rows) if (v) md.appendMarkdown(`${k}: \`${escapeMd(v)}\`  \n`);
  item.tooltip = md;
  item.accessibilityInformation = {
    label: `User ${label}, ${u.userName}${inactive ? ', inactive' : ''}`,
  };
  return item;
}

function groupItem(g: ScimGroup): vscode.TreeItem {
  const item = new vscode.TreeItem(g.displayName, Collapsed);
  const n = g.members?.length;
  setDescription(
    item,
    n === undefined
      ? undefined
      : n === 1
        ? vscode.l10n.t('1 member')
        : vscode.l10n.t('{0} members', n),
  );
  item.contextValue = 'group';
  item.iconPath = new vscode.ThemeIcon('organization');
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${escapeMd(g.displayName)}**\n\n`);
  if (g.id) md.appendMarkdown(`id: \`${g.id}\`  \n`);
  if (g.externalId) md.appendMarkdown(`externalId: \`${escapeMd(g.externalId)}\`  \n`);
  if (g.meta?.lastModified) md.appendMarkdown(`last modified: \`${g.meta.lastModified}\`  \n`);
  item.tooltip = md;
  item.accessibilityInformation = { label: vscode.l10n.t('Group {0}', g.displayName) };
  return item;
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`);
}

function setDescription(item: vscode.TreeItem, text: string | undefined): void {
  if (text) item.description = text;
}
