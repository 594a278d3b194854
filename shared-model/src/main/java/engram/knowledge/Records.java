package engram.knowledge;

import java.io.Closeable;
import java.util.Iterator;

/** A stream of records read from one file, one at a time; closing it closes the file. */
interface Records extends Iterator<JsonRecord>, Closeable {
}
