package engram.knowledge;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The items of one dataset, read lazily from disk in file order; obtained from
 * {@link Datasets#open(java.nio.file.Path, Format)} and closed with try-with-resources. Every item has been
 * checked with {@link KnowledgeItem#validate(String)}. A bad record throws {@link InvalidItemException}
 * (naming the file, the line the record starts on and the field) when the reader reaches it, so a reader
 * that was drained without an exception read a fully valid file.
 */
public final class ItemReader implements Iterator<KnowledgeItem>, AutoCloseable {

    private final Iterator<KnowledgeItem> items;
    private final Closeable source;
    private final Map<String, Integer> skipped;

    /**
     * @param items   the items, produced on demand
     * @param source  what {@link #close()} closes
     * @param skipped records that produced no item, counted by a key the format documents; filled while reading
     */
    ItemReader(Iterator<KnowledgeItem> items, Closeable source, Map<String, Integer> skipped) {
        this.items = items;
        this.source = source;
        this.skipped = skipped;
    }

    /** A reader that maps each record of {@code records} to one item. */
    static ItemReader mapping(Records records, Function<JsonRecord, KnowledgeItem> toItem) {
        return flatMapping(records, record -> List.of(toItem.apply(record)));
    }

    /** A reader that maps each record of {@code records} to a list of items, read out in order. */
    static ItemReader flatMapping(Records records, Function<JsonRecord, List<KnowledgeItem>> toItems) {
        Iterator<KnowledgeItem> items = new Iterator<>() {
            private final Deque<KnowledgeItem> pending = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                while (pending.isEmpty() && records.hasNext()) {
                    JsonRecord record = records.next();
                    toItems.apply(record).forEach(item -> pending.add(item.validate(record.where())));
                }
                return !pending.isEmpty();
            }

            @Override
            public KnowledgeItem next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("no more items");
                }
                return pending.remove();
            }
        };
        return new ItemReader(items, records, new TreeMap<>());
    }

    @Override
    public boolean hasNext() {
        return items.hasNext();
    }

    /**
     * The next item.
     *
     * @throws NoSuchElementException at the end
     * @throws InvalidItemException   when the next record is bad
     */
    @Override
    public KnowledgeItem next() {
        return items.next();
    }

    /** The remaining items as a sequential stream; closing the stream does not close this reader. */
    public Stream<KnowledgeItem> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED), false);
    }

    /** Reads every remaining item into a list (for small files and tests; large files are better streamed). */
    public List<KnowledgeItem> toList() {
        return stream().toList();
    }

    /**
     * Records read so far that produced no item, counted by a key the format documents (for {@link
     * Format#PARAREL}: facts by relation id, for relations without a usable pattern). Empty for formats that
     * never skip; complete once the reader is drained.
     */
    public Map<String, Integer> skipped() {
        return Collections.unmodifiableMap(new TreeMap<>(skipped));
    }

    /** Closes the underlying file(s). */
    @Override
    public void close() {
        try {
            source.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
