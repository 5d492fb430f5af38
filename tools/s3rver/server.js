'use strict';
// s3rver 3.7.1 for the tests, plus the two S3 operations it lacks and the app relies on (MinIO and S3 have them):
// AbortMultipartUpload (DELETE /bucket/key?uploadId=) and ListMultipartUploads (GET /bucket?uploads), both on
// s3rver's own upload folders, after its signature check. And one fix: s3rver deletes the keys of a DeleteObjects
// call all at once, racing on removing their emptied folders (a 500, and listings failing while folders vanish);
// here its deletions run one at a time.
// Usage: node --openssl-legacy-provider server.js --address 127.0.0.1 --port 0 --directory /tmp/x
// (prints "listening on http://host:port"; S3RVER_VERBOSE=1 logs every request; the legacy provider is for the DES
// that s3rver makes its listing continuation tokens with)
const fs = require('fs/promises');
const path = require('path');
const S3rver = require('s3rver');
const router = require('s3rver/lib/routes');
const FilesystemStore = require('s3rver/lib/stores/filesystem');

const deleteObject = FilesystemStore.prototype.deleteObject;
let deletions = Promise.resolve();
FilesystemStore.prototype.deleteObject = function deleteOneAtATime(bucket, key) {
  const deletion = deletions.then(() => deleteObject.call(this, bucket, key));
  deletions = deletion.catch(() => undefined);
  return deletion;
};

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);

const uploadsFolder = (ctx, bucket) => ctx.store.getResourcePath(bucket, undefined, 'uploads');

async function pendingUploads(ctx, bucket) {
  const folder = uploadsFolder(ctx, bucket);
  const ids = await fs.readdir(folder).catch(() => []);
  const uploads = [];
  for (const id of ids) {
    const key = await fs.readFile(path.join(folder, id, 'key'), 'utf8').catch(() => null);
    const stat = await fs.stat(path.join(folder, id)).catch(() => null);
    if (key !== null && stat !== null) {
      uploads.push({ Key: key, UploadId: id, Initiated: stat.birthtime.toISOString(), StorageClass: 'STANDARD' });
    }
  }
  return uploads;
}

router.delete('/:bucket/:key+', async (ctx, next) => {
  if (!('uploadId' in ctx.query)) {
    return next();
  }
  const folder = path.join(uploadsFolder(ctx, ctx.params.bucket), path.basename(ctx.query.uploadId));
  if ((await fs.stat(folder).catch(() => null)) === null) {
    ctx.status = 404;
    ctx.body = { Error: { Code: 'NoSuchUpload', Message: 'The specified upload does not exist.' } };
    return undefined;
  }
  await fs.rm(folder, { recursive: true, force: true });
  ctx.status = 204;
  return undefined;
});

router.get('/:bucket', async (ctx, next) => {
  if (!('uploads' in ctx.query)) {
    return next();
  }
  const uploads = await pendingUploads(ctx, ctx.params.bucket);
  ctx.body = {
    ListMultipartUploadsResult: {
      '@': { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' },
      Bucket: ctx.params.bucket,
      MaxUploads: 1000,
      IsTruncated: false,
      Upload: uploads,
    },
  };
  return undefined;
});

// the two handlers run right after the signature check, before s3rver's own routes refuse these requests
const added = router.stack.splice(-2);
const afterAuthentication = router.stack.findIndex(layer => layer.path === '/:bucket?/:key*') + 1;
router.stack.splice(afterAuthentication, 0, ...added);

const server = new S3rver({
  address: args.address || '127.0.0.1',
  port: Number(args.port || 0),
  directory: args.directory,
  silent: !process.env.S3RVER_VERBOSE,
});

server.run().then(
  ({ address, port }) => console.log(`listening on http://${address}:${port}`),
  err => {
    console.error(err);
    process.exit(1);
  },
);
