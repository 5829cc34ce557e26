credcatSearchData("terms/736b.json", {
  "skills": [
    3,
    2
  ]
}
);
