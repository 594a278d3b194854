package engram.functions.storage;

/**
 * One object as a listing shows it.
 *
 * @param key  its full key
 * @param size bytes
 * @param etag what changes when the content changes (S3's ETag; size and modification time for a folder)
 */
public record StoredObject(String key, long size, String etag) {}
