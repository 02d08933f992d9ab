//! Paging: operations with `pageNumber`/`pageSize` parameters and a `totalCount` in their result, as a
//! stream of pages or of items.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::stream::{self, BoxStream, Stream, StreamExt, TryStreamExt};

use crate::error::Error;

/// A page of a paged result.
pub trait Page: Send + 'static {
    /// What the page lists.
    type Item: Send + 'static;
    /// `totalCount`, when the reply gives it.
    fn total_count(&self) -> Option<i64>;
    /// How many items this page holds.
    fn len(&self) -> usize;
    /// Whether the page is empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The items of the page.
    fn into_items(self) -> Vec<Self::Item>;
}

/// At most this many pages are fetched, in case a service ignores `pageNumber`.
pub const MAX_PAGES: i64 = 100_000;

/// A stream of pages, fetched one after the other as it is polled.
pub struct Pages<P: Page> {
    inner: BoxStream<'static, Result<P, Error>>,
}

impl<P: Page> Pages<P> {
    /// Pages from `first_page` on, each fetched by `fetch(page_number)`. Stops after an empty page, a
    /// page shorter than `page_size` (when known), once `totalCount` items were seen, or on the first
    /// error (which is yielded).
    pub fn new<F, Fut>(first_page: i64, page_size: Option<i64>, fetch: F) -> Self
    where
        F: FnMut(i64) -> Fut + Send + 'static,
        Fut: Future<Output = Result<P, Error>> + Send + 'static,
    {
        struct State<F> {
            fetch: F,
            next: i64,
            seen: i64,
            done: bool,
        }
        let state = State {
            fetch,
            next: first_page.max(1),
            seen: 0,
            done: false,
        };
        let inner = stream::unfold(state, move |mut state| async move {
            if state.done || state.next - first_page >= MAX_PAGES {
                return None;
            }
            let page = (state.fetch)(state.next).await;
            match page {
                Err(error) => {
                    state.done = true;
                    Some((Err(error), state))
                }
                Ok(page) => {
                    let len = page.len() as i64;
                    state.seen += len;
                    state.next += 1;
                    let total_reached = page.total_count().is_some_and(|total| state.seen >= total);
                    let short = page_size.is_some_and(|size| len < size);
                    if len == 0 {
                        // An empty page ends the stream and is not yielded unless it is the only one.
                        state.done = true;
                        return if state.seen == 0 && state.next == first_page.max(1) + 1 {
                            Some((Ok(page), state))
                        } else {
                            None
                        };
                    }
                    state.done = total_reached || short;
                    Some((Ok(page), state))
                }
            }
        })
        .boxed();
        Pages { inner }
    }

    /// The next page: `None` after the last one (or after an error, which is returned once).
    pub async fn next(&mut self) -> Option<Result<P, Error>> {
        self.inner.next().await
    }

    /// Every page, or the first error.
    pub async fn try_collect(self) -> Result<Vec<P>, Error> {
        TryStreamExt::try_collect(self.inner).await
    }

    /// The items of every page, in order.
    pub fn items(self) -> Items<P::Item> {
        let inner = self
            .inner
            .flat_map(|page| match page {
                Ok(page) => stream::iter(page.into_items().into_iter().map(Ok).collect::<Vec<_>>()),
                Err(error) => stream::iter(vec![Err(error)]),
            })
            .boxed();
        Items { inner }
    }
}

impl<P: Page> Stream for Pages<P> {
    type Item = Result<P, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.poll_next_unpin(cx)
    }
}

impl<P: Page> fmt::Debug for Pages<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages").finish_non_exhaustive()
    }
}

/// The items of every page of a paged operation, fetched page by page as it is read. Read it with
/// [`next`](Items::next) or [`try_collect`](Items::try_collect), or as a [`Stream`].
pub struct Items<T> {
    inner: BoxStream<'static, Result<T, Error>>,
}

impl<T> Items<T> {
    /// The next item: `None` after the last one (or after an error, which is returned once).
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        self.inner.next().await
    }

    /// Every item, or the first error.
    pub async fn try_collect(self) -> Result<Vec<T>, Error> {
        TryStreamExt::try_collect(self.inner).await
    }
}

impl<T> Stream for Items<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.poll_next_unpin(cx)
    }
}

impl<T> fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    struct TestPage {
        items: Vec<u32>,
        total: Option<i64>,
    }

    impl Page for TestPage {
        type Item = u32;
        fn total_count(&self) -> Option<i64> {
            self.total
        }
        fn len(&self) -> usize {
            self.items.len()
        }
        fn into_items(self) -> Vec<u32> {
            self.items
        }
    }

    /// Serves `count` items in pages of `size`, reporting the total when asked to.
    fn pages(count: u32, size: u32, with_total: bool, calls: Arc<AtomicUsize>) -> Pages<TestPage> {
        Pages::new(1, Some(size as i64), move |page| {
            calls.fetch_add(1, Ordering::SeqCst);
            let start = (page as u32 - 1) * size;
            let items: Vec<u32> = (start..count.min(start + size)).collect();
            async move {
                Ok(TestPage {
                    items,
                    total: with_total.then_some(count as i64),
                })
            }
        })
    }

    #[tokio::test]
    async fn stops_on_total_short_and_empty_pages() {
        for (count, size, with_total, expected_calls) in [
            (25, 10, true, 3),  // total reached on a short page
            (30, 10, true, 3),  // total reached on a full page: no extra call
            (30, 10, false, 4), // no total: the empty fourth page ends it
            (25, 10, false, 3), // no total: the short third page ends it
            (0, 10, true, 1),
        ] {
            let calls = Arc::new(AtomicUsize::new(0));
            let items: Vec<u32> = pages(count, size, with_total, calls.clone())
                .items()
                .map(Result::unwrap)
                .collect()
                .await;
            assert_eq!(items, (0..count).collect::<Vec<_>>());
            assert_eq!(
                calls.load(Ordering::SeqCst),
                expected_calls,
                "{count} items by {size}, total {with_total}"
            );
        }
    }

    #[tokio::test]
    async fn an_error_ends_the_stream() {
        let stream = Pages::<TestPage>::new(1, None, |page| async move {
            if page == 2 {
                Err(Error::InvalidRequest("boom".into()))
            } else {
                Ok(TestPage {
                    items: vec![1],
                    total: None,
                })
            }
        });
        let results: Vec<_> = stream.collect().await;
        assert_eq!(results.len(), 2);
        assert!(results[1].is_err());
    }

    fn failing_on_page_two() -> Pages<TestPage> {
        Pages::<TestPage>::new(1, None, |page| async move {
            if page == 2 {
                Err(Error::InvalidRequest("boom".into()))
            } else {
                Ok(TestPage {
                    items: vec![7, 8],
                    total: None,
                })
            }
        })
    }

    /// `next` and `try_collect` are inherent methods, which need no trait in scope (the generated
    /// crates' doc examples, built without `futures`, hold that).
    #[tokio::test]
    async fn read_without_importing_anything() {
        let calls = Arc::new(AtomicUsize::new(0));
        let all = pages(25, 10, true, calls.clone())
            .try_collect()
            .await
            .unwrap();
        assert_eq!(all.iter().map(Page::len).collect::<Vec<_>>(), [10, 10, 5]);
        let items = pages(25, 10, true, calls)
            .items()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(items, (0..25).collect::<Vec<_>>());

        let mut pages = failing_on_page_two();
        assert_eq!(pages.next().await.unwrap().unwrap().items, [7, 8]);
        assert!(pages.next().await.unwrap().is_err());
        assert!(pages.next().await.is_none());

        let mut items = failing_on_page_two().items();
        assert_eq!(items.next().await.unwrap().unwrap(), 7);
        assert_eq!(items.next().await.unwrap().unwrap(), 8);
        assert!(items.next().await.unwrap().is_err());
        assert!(items.next().await.is_none());
        assert!(failing_on_page_two().try_collect().await.is_err());
        assert!(failing_on_page_two().items().try_collect().await.is_err());
    }

    #[test]
    fn a_page_is_empty_when_it_lists_nothing_and_streams_show_their_kind() {
        let empty = TestPage {
            items: vec![],
            total: None,
        };
        let full = TestPage {
            items: vec![1],
            total: None,
        };
        assert!(empty.is_empty());
        assert!(!full.is_empty());
        let pages = pages(3, 2, false, Arc::default());
        assert_eq!(format!("{pages:?}"), "Pages { .. }");
        assert_eq!(format!("{:?}", pages.items()), "Items { .. }");
    }
}
