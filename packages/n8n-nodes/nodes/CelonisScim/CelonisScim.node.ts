import {
  NodeConnectionTypes,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeType,
  type INodeTypeDescription,
} from 'n8n-workflow';
import { authenticationProperty, nodeCredentials } from '../../shared/authentication';
import { groupDescription } from './actions/group';
import { router } from './actions/router';
import { teamDescription } from './actions/team';
import { userDescription } from './actions/user';
import { searchGroups, searchUsers } from './methods/listSearch';
import { getUserAttributes, getUserFields } from './methods/userFields';

export class CelonisScim implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Celonis SCIM',
    name: 'celonisScim',
    icon: { light: 'file:../../icons/celonis.svg', dark: 'file:../../icons/celonis.dark.svg' },
    group: ['transform'],
    // 1.1: Output (Simplified, Raw, Selected Fields) instead of Simplify, Get Many as the group
    // default. Saved version-1 nodes keep their parameters and behaviour.
    version: [1, 1.1],
    defaultVersion: 1.1,
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    description:
      'Create, update, offboard and group the users of a Celonis Platform team over SCIM 2.0',
    defaults: { name: 'Celonis SCIM' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: nodeCredentials,
    properties: [
      authenticationProperty,
      {
        displayName: 'Resource',
        name: 'resource',
        type: 'options',
        noDataExpression: true,
        default: 'user',
        options: [
          { name: 'User', value: 'user' },
          { name: 'Group', value: 'group' },
          { name: 'Team', value: 'team' },
        ],
      },
      ...userDescription,
      ...groupDescription,
      ...teamDescription,
    ],
  };

  methods = {
    listSearch: { searchUsers, searchGroups },
    resourceMapping: { getUserFields, getUserAttributes },
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return router.call(this);
  }
}
