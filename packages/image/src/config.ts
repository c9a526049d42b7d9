// The `image` section of nubo.yaml.
import { type Static, Type } from 'typebox';

/** The schema of the `image` section, with defaults and help (shown by `nubo config --explain`). */
export const imageSection = Type.Object({
  storeDir: Type.String({
    default: '',
    description: 'Directory of the file store (glance_store filesystem_store_datadir); empty means <data dir>/images.',
  }),
  imageCountQuota: Type.Integer({
    default: 100,
    minimum: -1,
    description: 'Images a project may own (Glance image_count_total); -1 means unlimited.',
  }),
  imageSizeTotalQuotaBytes: Type.Integer({
    default: 1024 ** 4,
    minimum: -1,
    description: 'Bytes of image data a project may store (Glance image_size_total); -1 means unlimited.',
  }),
  imagePropertyQuota: Type.Integer({
    default: 128,
    minimum: -1,
    description: 'Custom properties per image (Glance image_property_quota); -1 means unlimited.',
  }),
  imageTagQuota: Type.Integer({
    default: 128,
    minimum: -1,
    description: 'Tags per image (Glance image_tag_quota); -1 means unlimited.',
  }),
  imageMemberQuota: Type.Integer({
    default: 128,
    minimum: -1,
    description: 'Members per image (Glance image_member_quota); -1 means unlimited.',
  }),
  limitParamDefault: Type.Integer({
    default: 25,
    minimum: 1,
    description: 'Images per page when the request gives no limit (Glance limit_param_default).',
  }),
  apiLimitMax: Type.Integer({
    default: 1000,
    minimum: 1,
    description: 'Largest page a request may ask for (Glance api_limit_max).',
  }),
});

/** The compiled `image` section. */
export type ImageConfig = Static<typeof imageSection>;
