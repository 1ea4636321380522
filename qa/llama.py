"""newsqa as a llama-index retriever: sentence nodes with exact offsets, for llama-index pipelines.

    retriever = assistant.as_retriever(top_k=5)
    nodes = retriever.retrieve("Who is mediating?")      # list[NodeWithScore]
    node = nodes[0].node                                  # a TextNode for one stored sentence
    doc = assistant.get_document(node.metadata["doc_id"])
    assert doc.text[node.start_char_idx:node.end_char_idx] == node.text

Use it wherever llama-index takes a retriever (query engines, chat engines, an LLM of your choice):
the nodes carry doc id, version, sentence index, title and date, so citations stay exact.
"""

from __future__ import annotations

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeRelationship, NodeWithScore, QueryBundle, RelatedNodeInfo, TextNode

from index.store import sentence_id
from qa.question import analyse
from qa.retrieve import Evidence, HybridRetriever


def evidence_node(e: Evidence) -> TextNode:
    """The TextNode of one evidence sentence (id = the stored sentence's id)."""
    span = e.doc.sentences[e.index]
    node = TextNode(
        id_=sentence_id(e.doc.id, e.doc.version, e.index),
        text=e.doc.text[span.start : span.end],
        start_char_idx=span.start,
        end_char_idx=span.end,
        metadata={
            "doc_id": e.doc.id,
            "version": e.doc.version,
            "sentence_index": e.index,
            "title": e.doc.title or "",
            "published": e.doc.published or "",
            "source": e.doc.source or "",
        },
        excluded_embed_metadata_keys=["doc_id", "version", "sentence_index"],
        excluded_llm_metadata_keys=["doc_id", "version", "sentence_index"],
    )
    node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=e.doc.id)
    return node


class SentenceRetriever(BaseRetriever):
    """A llama-index retriever over newsqa's hybrid sentence retrieval."""

    def __init__(self, retriever: HybridRetriever, top_k: int = 5) -> None:
        super().__init__()
        self._retriever = retriever
        self._top_k = top_k

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        found = self._retriever.retrieve(analyse(query_bundle.query_str), limit=self._top_k)
        return [NodeWithScore(node=evidence_node(e), score=e.score) for e in found.evidence]
