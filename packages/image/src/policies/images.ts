// Default policies for images, their data, tags and actions (glance/policies/image.py).
import type { PolicyRule } from '@nubo/core';
import {
  ADMIN,
  ADMIN_OR_PROJECT_MEMBER,
  ADMIN_OR_PROJECT_MEMBER_CREATE_IMAGE,
  ADMIN_OR_PROJECT_MEMBER_DOWNLOAD_IMAGE,
  ADMIN_OR_PROJECT_READER,
  ADMIN_OR_PROJECT_READER_GET_IMAGE,
} from './base.js';

const IMAGE = '/v2/images/{image_id}';

/** Who may create, read, change, share and delete images; the target is the image (api/common.ts imageTarget). */
export const imagePolicies: PolicyRule[] = [
  {
    name: 'add_image',
    checkStr: ADMIN_OR_PROJECT_MEMBER_CREATE_IMAGE,
    description: 'Create new image',
    operations: [{ path: '/v2/images', method: 'POST' }],
  },
  {
    name: 'delete_image',
    checkStr: ADMIN_OR_PROJECT_MEMBER,
    description: 'Deletes the image',
    operations: [{ path: IMAGE, method: 'DELETE' }],
  },
  {
    name: 'get_image',
    checkStr: ADMIN_OR_PROJECT_READER_GET_IMAGE,
    description: 'Get specified image',
    operations: [{ path: IMAGE, method: 'GET' }],
  },
  {
    name: 'get_images',
    checkStr: ADMIN_OR_PROJECT_READER,
    description: 'Get all available images',
    operations: [{ path: '/v2/images', method: 'GET' }],
  },
  {
    name: 'modify_image',
    checkStr: ADMIN_OR_PROJECT_MEMBER,
    description: 'Updates given image',
    operations: [
      { path: IMAGE, method: 'PATCH' },
      { path: `${IMAGE}/tags/{tag}`, method: 'PUT' },
      { path: `${IMAGE}/tags/{tag}`, method: 'DELETE' },
    ],
  },
  {
    name: 'publicize_image',
    checkStr: ADMIN,
    description: 'Publicize given image',
    operations: [{ path: IMAGE, method: 'PATCH' }],
  },
  {
    name: 'communitize_image',
    checkStr: ADMIN_OR_PROJECT_MEMBER,
    description: 'Communitize given image',
    operations: [{ path: IMAGE, method: 'PATCH' }],
  },
  {
    name: 'download_image',
    checkStr: ADMIN_OR_PROJECT_MEMBER_DOWNLOAD_IMAGE,
    description: 'Downloads given image',
    operations: [{ path: `${IMAGE}/file`, method: 'GET' }],
  },
  {
    name: 'upload_image',
    checkStr: ADMIN_OR_PROJECT_MEMBER,
    description: 'Uploads data to specified image',
    operations: [{ path: `${IMAGE}/file`, method: 'PUT' }],
  },
  {
    name: 'deactivate',
    checkStr: ADMIN_OR_PROJECT_MEMBER,
    description: 'Deactivate image',
    operations: [{ path: `${IMAGE}/actions/deactivate`, method: 'POST' }],
  },
  {
    name: 'reactivate',
    checkStr: ADMIN_OR_PROJECT_MEMBER,
    description: 'Reactivate image',
    operations: [{ path: `${IMAGE}/actions/reactivate`, method: 'POST' }],
  },
];
