package flows_test

var policeTranscripts, stationTranscripts, coordTranscripts, generalTranscripts []transcript
