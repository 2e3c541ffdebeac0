package rouge

import "slices"

// rougeL is the summary-level union-LCS score, following ROUGE-1.5.5's lcs,
// lcs_inner and markLCS. It consumes the unigram counts left by rouge1:
// every hit uses up one occurrence of its word in each summary.
func (s *scratch) rougeL(cand, ref *summary) Score {
	hits := 0
	for k := range ref.ends {
		r := ref.sentence(k)
		s.mask = slices.Grow(s.mask[:0], len(r))[:len(r)]
		clear(s.mask)
		for c := range cand.ends {
			s.markLCS(r, cand.sentence(c))
		}
		for i, hit := range s.mask {
			w := r[i]
			if hit && s.refCnt[w] > 0 && s.candCnt[w] > 0 {
				hits++
				s.refCnt[w]--
				s.candCnt[w]--
			}
		}
	}
	return newScore(hits, len(ref.ids), len(cand.ids))
}

// markLCS sets s.mask[i] for each position i of reference sentence r on the
// LCS of r and candidate sentence c that the textbook backtrack recovers.
func (s *scratch) markLCS(r, c []int32) {
	m, n := len(r), len(c)
	if m == 0 || n == 0 {
		return
	}
	// L[i*w+j] is the LCS length of r[:i] and c[:j].
	w := n + 1
	size := (m + 1) * w
	s.lcs = slices.Grow(s.lcs[:0], size)[:size]
	L := s.lcs
	clear(L[:w])
	for i := 1; i <= m; i++ {
		row, up := L[i*w:(i+1)*w], L[(i-1)*w:i*w]
		row[0] = 0
		for j := 1; j <= n; j++ {
			switch {
			case r[i-1] == c[j-1]:
				row[j] = up[j-1] + 1
			case up[j] >= row[j-1]:
				row[j] = up[j]
			default:
				row[j] = row[j-1]
			}
		}
	}
	// Walk back the same choices: diagonal on a match, else up (drop the
	// reference word) unless left is strictly longer.
	for i, j := m, n; i > 0 && j > 0; {
		switch {
		case r[i-1] == c[j-1]:
			i--
			j--
			s.mask[i] = true
		case L[(i-1)*w+j] >= L[i*w+j-1]:
			i--
		default:
			j--
		}
	}
}
